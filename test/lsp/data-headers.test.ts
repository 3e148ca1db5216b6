/**
 * Issue 14, item 8 in the editor: the language server compares the data files with the spec too, reading
 * their headers in the background (typing never waits for the disk) and caching them by modification time.
 */
import { mkdtempSync, writeFileSync, utimesSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver";
import { BackgroundHeaders, REFRESH_MS } from "../../lsp/data-headers.ts";
import { readHeadersNow } from "../../cli/data-headers.ts";
import { startClient } from "./client.ts";

const spec = (label: number) => `data {
  train = csv("rows.csv", label = ${label})
}
model {
  input = [2]
  fc1: dense(8)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam()
  epochs = 2
}
`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-lsp-data-"));
  writeFileSync(join(dir, "rows.csv"), Array.from({ length: 20 }, (_, i) => `${i},${-i},${i % 3}`).join("\n") + "\n");
  return dir;
}

describe("data-file checks in the language server", () => {
  it("publishes a label column out of range at `label = …` once the file's header has been read", async () => {
    const dir = folder();
    const client = await startClient();
    try {
      const uri = pathToFileURL(join(dir, "spec.nn")).href;
      const published: PublishDiagnosticsParams[] = [];
      const arrived = new Promise<PublishDiagnosticsParams>((resolve) =>
        client.connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
          published.push(p);
          if (p.uri === uri && p.diagnostics.some((d) => d.code === "NN6004")) resolve(p);
        }),
      );
      await client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: spec(5) } });
      const p = await arrived;
      const d = p.diagnostics.find((x) => x.code === "NN6004")!;
      expect(d.message).toBe("label column 5 is out of range: rows.csv has 3 columns (0-based 0..2)");
      // `label = 5`: line 2 (0-based 1), the 5 at character 34.
      expect(d.range).toEqual({ start: { line: 1, character: 34 }, end: { line: 1, character: 35 } });
    } finally {
      await client.close();
    }
  });
});

describe("files changing under an open spec", () => {
  it("drops a missing-file error as soon as the client says the file appeared (workspace/didChangeWatchedFiles)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-lsp-data-"));
    const client = await startClient();
    try {
      const uri = pathToFileURL(join(dir, "spec.nn")).href;
      let latest: PublishDiagnosticsParams | undefined;
      const waitFor = (test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> =>
        new Promise((resolve) => {
          const check = (): void => void (latest && test(latest) ? resolve(latest) : setTimeout(check, 20));
          check();
        });
      client.connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
        if (p.uri === uri) latest = p;
      });
      await client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version: 1, text: spec(2) } });
      const missing = await waitFor((p) => p.diagnostics.some((d) => d.code === "NN6001"));
      expect(missing.diagnostics.find((d) => d.code === "NN6001")!.message).toContain("file not found");
      writeFileSync(join(dir, "rows.csv"), "0,1,2\n1,0,1\n");
      await client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, "rows.csv")).href, type: 1 }] });
      // Well within REFRESH_MS: without the notification the old error would stand until the next refresh.
      const found = await waitFor((p) => !p.diagnostics.some((d) => d.code === "NN6001"));
      expect(found.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe("BackgroundHeaders", () => {
  it("answers at once (pending), reads in the background, and reads again only when the file changed", async () => {
    const dir = folder();
    const path = join(dir, "rows.csv");
    let now = 0;
    let changes = 0;
    const headers = new BackgroundHeaders(
      () => changes++,
      () => now,
    );
    expect(headers.lookup(path, "csv")).toEqual({ state: "pending" });
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toBe(1);
    const first = headers.lookup(path, "csv");
    expect(first.state === "ok" && first.info.kind === "csv" && first.info.firstLine.length).toBe(3);
    // Within REFRESH_MS nothing is read again, even when the file changed meanwhile.
    writeFileSync(path, "1,2,3,4\n");
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    headers.lookup(path, "csv");
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toBe(1);
    // Later the change is noticed by its modification time, and the server is told.
    now += REFRESH_MS;
    headers.lookup(path, "csv");
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toBe(2);
    const second = headers.lookup(path, "csv");
    expect(second.state === "ok" && second.info.kind === "csv" && second.info.firstLine.length).toBe(4);
  });

  it("reads gzipped IDX headers without node:zlib (the platform's DecompressionStream), bounded, and names a corrupt one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-lsp-gzip-"));
    const header = (dims: number[]): Uint8Array => {
      const b = new Uint8Array(4 + 4 * dims.length);
      b[2] = 0x08;
      b[3] = dims.length;
      dims.forEach((d, i) => new DataView(b.buffer).setUint32(4 + 4 * i, d));
      return b;
    };
    // 6,000 images of 28×28 zeros: 4.7 MB inflated, far past what a header read may inflate.
    writeFileSync(join(dir, "images.gz"), gzipSync(Buffer.concat([header([6000, 28, 28]), Buffer.alloc(6000 * 784)])));
    writeFileSync(join(dir, "broken.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff]));
    const headers = new BackgroundHeaders(() => undefined);
    headers.lookup(join(dir, "images.gz"), "idx-images");
    headers.lookup(join(dir, "broken.gz"), "idx-images");
    await new Promise((r) => setTimeout(r, 300));
    const images = headers.lookup(join(dir, "images.gz"), "idx-images");
    expect(images.state === "ok" && images.info.kind === "idx" && images.info.dims).toEqual([6000, 28, 28]);
    const broken = headers.lookup(join(dir, "broken.gz"), "idx-images");
    expect(broken.state === "error" && broken.message).toMatch(/broken\.gz: starts like gzip but cannot be decompressed/);
  });

  it("reads a gzipped CSV as nnc check and the CSV loader do: its bytes as they are (only IDX files are inflated)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-lsp-gzip-csv-"));
    const path = join(dir, "rows.csv.gz");
    writeFileSync(path, gzipSync("0,1,2\n1,0,1\n"));
    const headers = new BackgroundHeaders(() => undefined);
    headers.lookup(path, "csv");
    await new Promise((r) => setTimeout(r, 300));
    const cli = readHeadersNow().lookup(path, "csv");
    expect(cli.state === "ok" && cli.info.kind === "csv" && cli.info.firstLine).not.toEqual(["0", "1", "2"]);
    expect(headers.lookup(path, "csv")).toEqual(cli);
  });

  it("reports a missing file as an error lookup", async () => {
    const headers = new BackgroundHeaders(() => undefined);
    headers.lookup("/nonexistent/rows.csv", "csv");
    await new Promise((r) => setTimeout(r, 100));
    expect(headers.lookup("/nonexistent/rows.csv", "csv")).toEqual({ state: "error", message: "/nonexistent/rows.csv: file not found" });
  });
});
