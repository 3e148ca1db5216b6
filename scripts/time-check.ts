/** Times `check` on one spec file (for the linear-time measurements): node bin/run-ts.js scripts/time-check.ts FILE.nn */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { analyze } from "../compiler/index.ts";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: node bin/run-ts.js scripts/time-check.ts FILE.nn");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
const started = performance.now();
const result = analyze(text, { source: file, baseDir: dirname(file) });
console.log(
  `${file}: ${(text.length / 1e6).toFixed(1)} MB checked in ${(performance.now() - started).toFixed(0)} ms, ${result.diagnostics.length} diagnostics`,
);
