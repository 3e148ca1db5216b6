/**
 * Diagnostic latency of the language server on a 200-line spec (or, with `resnet50`, a ResNet-50-like graph
 * model of 16 bottleneck blocks): the time from sending a didChange to receiving its publishDiagnostics,
 * through the real server process over stdio (as an editor sees it), and the in-process analysis alone.
 * `node bin/run-ts.js bench/lsp-latency.ts [EDITS] [resnet50]`; prints ms.
 */
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { startClient } from "../test/lsp/client.ts";
import { analyzeDocument } from "../lsp/analysis.ts";
import { resnet50Spec } from "../test/fixtures/resnet50.ts";
import { spec200 } from "./spec200.ts";

const root = resolve(import.meta.dirname, "..");

const edits = Number(process.argv[2] ?? 50);
const resnet = process.argv[3] === "resnet50";
const uri = pathToFileURL(join(root, resnet ? "bench-resnet50.nn" : "bench-200.nn")).href;
const texts = resnet ? [resnet50Spec("0.1"), resnet50Spec("0.2")] : [spec200("1e-3"), spec200("2e-3")];
console.log(`spec: ${texts[0].split("\n").length - 1} lines`);

const inProcess: number[] = [];
for (let k = 0; k < edits; k++) {
  const doc = TextDocument.create(uri, "nn", k, texts[k % 2]);
  const t0 = performance.now();
  analyzeDocument(doc);
  inProcess.push(performance.now() - t0);
}

const client = await startClient();
await client.open(uri, texts[0]);
const roundTrip: number[] = [];
const withHints: number[] = [];
for (let k = 1; k <= edits; k++) {
  const t0 = performance.now();
  const published = await client.change(uri, texts[k % 2], k + 1);
  roundTrip.push(performance.now() - t0);
  if (published.diagnostics.some((d) => d.severity === 1)) throw new Error("the benchmark spec should have no errors");
  // What an editor asks next: the inlay hints and the outline of the new version.
  await client.request("textDocument/inlayHint", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } },
  });
  await client.request("textDocument/documentSymbol", { textDocument: { uri } });
  withHints.push(performance.now() - t0);
}
await client.close();

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): string => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
console.log(`analysis in process (${edits} edits):       ${stats(inProcess.slice(5))}`);
console.log(`didChange → publishDiagnostics over stdio: ${stats(roundTrip.slice(5))}`);
console.log(`… then inlay hints and outline answered:    ${stats(withHints.slice(5))}`);
