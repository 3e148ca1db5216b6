/**
 * Diagnostic latency of the language server on a 200-line spec: the time from sending a didChange to
 * receiving its publishDiagnostics, through the real server process over stdio (as an editor sees it),
 * and the in-process analysis alone. `node bin/run-ts.js bench/lsp-latency.ts [EDITS]`; prints ms.
 */
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { startClient } from "../test/lsp/client.ts";
import { analyzeDocument } from "../lsp/analysis.ts";
import { spec200 } from "./spec200.ts";

const root = resolve(import.meta.dirname, "..");

const edits = Number(process.argv[2] ?? 50);
const uri = pathToFileURL(join(root, "bench-200.nn")).href;
const texts = [spec200("1e-3"), spec200("2e-3")];
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
for (let k = 1; k <= edits; k++) {
  const t0 = performance.now();
  const published = await client.change(uri, texts[k % 2], k + 1);
  roundTrip.push(performance.now() - t0);
  if (published.diagnostics.some((d) => d.severity === 1)) throw new Error("the benchmark spec should have no errors");
}
await client.close();

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): string => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
console.log(`analysis in process (${edits} edits):       ${stats(inProcess.slice(5))}`);
console.log(`didChange → publishDiagnostics over stdio: ${stats(roundTrip.slice(5))}`);
