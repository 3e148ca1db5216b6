/**
 * `npm run vsix` packages the VS Code extension offline: the client bundle, the language server bundle,
 * the grammar and the language configuration. The server is started from the unpacked .vsix in a folder
 * outside this repository with no nnc on the PATH — as in an editor with nothing but the extension.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { createProtocolConnection, type PublishDiagnosticsParams } from "vscode-languageserver/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** The files of a zip archive (stored or deflated entries, which is what vsce writes), by name. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

describe("npm run vsix", () => {
  let vsix: string;
  let unpacked: string;
  beforeAll(() => {
    const out = execFileSync("npm", ["run", "--silent", "vsix"], { cwd: root, encoding: "utf8" });
    vsix = out.trim().split("\n").pop()!;
    unpacked = mkdtempSync(join(tmpdir(), "nnc-vsix-"));
    for (const [name, data] of unzip(readFileSync(vsix))) {
      if (name.endsWith("/")) continue;
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), data);
    }
  }, 300_000);
  afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

  it("builds a .vsix holding the bundled client and server, the grammar and the language configuration", () => {
    expect(vsix).toBe(join(root, "editors/vscode/nnc-vscode-0.1.0.vsix"));
    expect(readFileSync(vsix).subarray(0, 2).toString("latin1")).toBe("PK");
    for (const entry of [
      "extension/package.json",
      "extension/dist/extension.js",
      "extension/dist/server.mjs",
      "extension/syntaxes/nn.tmLanguage.json",
      "extension/language-configuration.json",
    ]) {
      expect(existsSync(join(unpacked, entry)), entry).toBe(true);
    }
  });

  it("starts the bundled server with no nnc installed: diagnostics for an opened spec, and Generate TypeScript", async () => {
    // PATH holds only node's own folder, and the folder is outside the repository (no node_modules above it).
    const nodeDir = dirname(process.execPath);
    expect(existsSync(join(nodeDir, "nnc"))).toBe(false);
    const work = mkdtempSync(join(tmpdir(), "nnc-vsix-work-"));
    const child = spawn(process.execPath, [join(unpacked, "extension/dist/server.mjs"), "--stdio"], {
      cwd: work,
      env: { PATH: nodeDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const connection = createProtocolConnection(child.stdout!, child.stdin!);
    const published = new Map<string, (p: PublishDiagnosticsParams) => void>();
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => published.get(p.uri)?.(p));
    connection.onRequest("workspace/configuration", () => [null]);
    connection.onRequest("client/registerCapability", () => null);
    connection.listen();
    const diagnostics = (uri: string) => new Promise<PublishDiagnosticsParams>((res) => published.set(uri, res));
    try {
      await connection.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(work).href, capabilities: {} });
      await connection.sendNotification("initialized", {});

      const spec = readFileSync(join(root, "examples/xor.nn"), "utf8");
      const bad = spec.replace("sgd(", "sgdd(");
      const badUri = pathToFileURL(join(work, "bad.nn")).href;
      const badDiagnostics = diagnostics(badUri);
      await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: badUri, languageId: "nn", version: 1, text: bad } });
      const line = bad.split("\n").findIndex((l) => l.includes("sgdd"));
      const { diagnostics: found } = await badDiagnostics;
      expect(found.map((d) => [d.range.start.line, d.range.start.character, d.message])).toContainEqual([
        line,
        bad.split("\n")[line].indexOf("sgdd"),
        "unknown optimizer `sgdd`; did you mean `sgd`?",
      ]);

      // Generating the module needs the code generator's own dependencies (ts-morph, prettier): bundled too.
      mkdirSync(join(work, "data"));
      writeFileSync(join(work, "data/xor.csv"), readFileSync(join(root, "examples/data/xor.csv")));
      writeFileSync(join(work, "xor.nn"), spec);
      const uri = pathToFileURL(join(work, "xor.nn")).href;
      const clean = diagnostics(uri);
      await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: spec } });
      await clean;
      const result = await connection.sendRequest("workspace/executeCommand", { command: "nnc.generateTypeScript", arguments: [uri] });
      expect(result).toEqual({ written: join(work, "xor.nn.ts") });
      expect(readFileSync(join(work, "xor.nn.ts"), "utf8")).toContain("export function createModel");
    } finally {
      connection.dispose();
      child.kill();
      rmSync(work, { recursive: true, force: true });
    }
    expect(stderr).toBe("");
  });
});
