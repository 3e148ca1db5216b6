/**
 * Issue 15, item 1: the language server must neither die nor go deaf, whatever a client sends. Each test
 * sends the red team's exact input to the real server over stdio, then a valid request, and asserts the
 * answer and what the server logged about the input it dropped.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ANALYZED_CHARS } from "../../lsp/limits.ts";
import { DEMO, scratchDir } from "./fixture.ts";
import { frame, RawClient } from "./raw-client.ts";

const root = resolve(import.meta.dirname, "../..");
/** DEMO with its data file named by absolute path, so it compiles wherever the document claims to live. */
const STANDALONE = DEMO.replace('csv("xor.csv"', `csv(${JSON.stringify(join(root, "examples/data/xor.csv"))}`);

let dir: string;
beforeAll(() => {
  dir = scratchDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A request every open server answers: hover on a document it does not know (answer: null). */
async function stillAnswers(client: RawClient): Promise<void> {
  const r = await client.request("textDocument/hover", {
    textDocument: { uri: "file:///not-open.nn" },
    position: { line: 0, character: 0 },
  });
  expect(r.error).toBeUndefined();
  expect(r.result).toBeNull();
}

describe("generate-on-save (1a)", () => {
  it("reports a folder it cannot write to and keeps serving (it used to exit 1)", async () => {
    const client = new RawClient({ generateOnSave: true });
    try {
      const uri = "file:///nonexistent-dir/a.nn";
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: STANDALONE } });
      client.notify("textDocument/didSave", { textDocument: { uri } });
      const shown = await client.waitFor((m) => m.method === "window/showMessage");
      expect((shown.params as { type: number; message: string }).type).toBe(1);
      expect((shown.params as { message: string }).message).toBe(
        "nnc: /nonexistent-dir/a.nn.ts: cannot write the file: the folder /nonexistent-dir does not exist",
      );
      expect(client.logged().filter((l) => l.startsWith("nnc: /nonexistent-dir/a.nn.ts: cannot write the file"))).toHaveLength(2); // logged and shown
      await stillAnswers(client);
    } finally {
      expect(await client.close()).toBe(0);
    }
  }, 60_000);

  it("generates nothing for a saved document that is not a .nn file", async () => {
    const client = new RawClient({ generateOnSave: true });
    try {
      const path = join(dir, "notes.txt");
      writeFileSync(path, STANDALONE);
      const uri = pathToFileURL(path).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "plaintext", version: 1, text: STANDALONE } });
      client.notify("textDocument/didSave", { textDocument: { uri } });
      const r = await client.request("workspace/executeCommand", { command: "nnc.generateTypeScript", arguments: [uri] });
      expect((r.result as { skipped: string }).skipped).toBe("notes.txt is not a .nn spec; nothing was generated");
      expect(existsSync(`${path}.ts`)).toBe(false);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe("large documents (1b)", () => {
  it("answers a document of 300,000 statements (2 MB) with a notice instead of overflowing the stack on every change", async () => {
    const text = "let a = 1\n".repeat(200_000) + "x = 1\n".repeat(100_000);
    expect(text.length).toBeGreaterThan(2_000_000);
    const client = new RawClient();
    try {
      const uri = pathToFileURL(join(dir, "huge.nn")).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text } });
      client.notify("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# edited\n" }],
      });
      const published = await client.diagnosticsFor(uri, 2);
      const ds = (published.params as { diagnostics: { message: string; severity: number }[] }).diagnostics;
      expect(ds).toHaveLength(1);
      expect(ds[0].severity).toBe(3);
      expect(ds[0].message).toBe(
        `this document is 2,600,009 characters long; the editor checks documents of up to 500,000 (run \`nnc check\` on it instead)`,
      );
      expect(MAX_ANALYZED_CHARS).toBe(500_000);
      const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
      expect(symbols.result).toEqual([]);
      await stillAnswers(client);
      expect(client.stderr).not.toContain("RangeError");
    } finally {
      await client.close();
    }
  }, 120_000);

  it("checks a document just under the limit, a model of many layers, and outlines every layer", async () => {
    const repeats = Math.floor((MAX_ANALYZED_CHARS - 2000) / 14);
    const layers = "dense(4)\nrelu\n".repeat(repeats);
    const text = STANDALONE.replace("out: dense(2)", layers + "out: dense(2)");
    expect(text.length).toBeLessThanOrEqual(MAX_ANALYZED_CHARS);
    const client = new RawClient();
    try {
      const uri = pathToFileURL(join(dir, "many-layers.nn")).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text } });
      const published = await client.diagnosticsFor(uri, 1);
      expect((published.params as { diagnostics: { severity: number }[] }).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
      const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
      const model = (symbols.result as { name: string; children?: unknown[] }[]).find((s) => s.name === "model");
      expect(model?.children?.length).toBeGreaterThan(2 * repeats);
    } finally {
      await client.close();
    }
  }, 180_000);

  it("analyzes a storm of edits once, for the last version", async () => {
    const client = new RawClient();
    try {
      const uri = pathToFileURL(join(dir, "storm.nn")).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: DEMO } });
      for (let v = 2; v <= 300; v++) {
        client.notify("textDocument/didChange", {
          textDocument: { uri, version: v },
          contentChanges: [{ text: DEMO.replace("steps = 20", `steps = ${v}`) }],
        });
      }
      const last = await client.diagnosticsFor(uri, 300);
      expect((last.params as { diagnostics: { severity: number }[] }).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
      const versions = client.received
        .filter((m) => m.method === "textDocument/publishDiagnostics")
        .map((m) => (m.params as { version: number }).version);
      // The client wrote all 300 messages at once; the server analyzed the document far fewer times.
      expect(versions.length).toBeLessThan(30);
      expect(versions[versions.length - 1]).toBe(300);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe("malformed input (1c)", () => {
  const cases: [string, string | Buffer, RegExp][] = [
    [
      "a line that is not a header",
      "this is not a header\r\n\r\n{}",
      /dropped 26 bytes of input: not a Content-Length header|no Content-Length header/,
    ],
    ["a Content-Length that is not a number", "Content-Length: abc\r\n\r\n{}", /Content-Length "abc" is not a byte count/],
    ["a body that is not JSON", "Content-Length: 15\r\n\r\nnot json at all", /dropped a 15-byte message: the body is not JSON/],
    ["a body that is JSON but not a message", "Content-Length: 2\r\n\r\n[]", /the body is not a JSON-RPC message object/],
    ["a Content-Length longer than the body", "Content-Length: 500\r\n\r\n{}", /a frame shorter than its Content-Length 500/],
    [
      "a body that is not UTF-8",
      Buffer.concat([Buffer.from("Content-Length: 2\r\n\r\n"), Buffer.from([0xff, 0xfe])]),
      /the body is not UTF-8/,
    ],
    ["a header over the frame limit", "Content-Length: 99999999999\r\n\r\n{}", /is over the \d+-byte limit/],
    // Found by the LSP fuzzer: vscode-jsonrpc read params.id unchecked and the process exited 1.
    [
      "a $/cancelRequest without an id",
      frame({ jsonrpc: "2.0", method: "$/cancelRequest", params: { O: null } }),
      /\(\$\/cancelRequest\): params\.id is neither a number nor a string/,
    ],
  ];

  it.each(cases)(
    "survives %s, logs what it dropped and answers the next request",
    async (_name, bytes, logged) => {
      const client = new RawClient();
      try {
        await client.waitFor((m) => m.id === 0 && m.method === undefined);
        client.write(bytes);
        await stillAnswers(client);
        expect(client.logged().join("\n")).toMatch(logged);
      } finally {
        expect(await client.close()).toBe(0);
      }
    },
    60_000,
  );

  it("drops a didChange with null contentChanges, with a log line and no stack trace, and keeps the document", async () => {
    const client = new RawClient();
    try {
      const uri = pathToFileURL(join(dir, "null-changes.nn")).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: DEMO } });
      await client.diagnosticsFor(uri, 1);
      client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: null });
      const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
      expect((symbols.result as { name: string }[]).map((s) => s.name)).toEqual(["hidden", "data", "model", "train"]);
      expect(client.logged()).toContainEqual(
        expect.stringMatching(/^nnc: dropped a \d+-byte message \(textDocument\/didChange\): contentChanges is not a list$/),
      );
      expect(client.stderr).toBe("");
      expect(client.logged().join("\n")).not.toMatch(/\n\s+at /);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe("the example specs still open cleanly through the tolerant reader", () => {
  it("publishes diagnostics for xor.nn", async () => {
    const client = new RawClient();
    try {
      const path = join(root, "examples/xor.nn");
      const uri = pathToFileURL(path).href;
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 7, text: readFileSync(path, "utf8") } });
      const published = await client.diagnosticsFor(uri, 7);
      expect((published.params as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});
