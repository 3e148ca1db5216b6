/**
 * `npm run parity -- [--target ts|pytorch] DIR`: runs every golden case folder under DIR (default
 * ../shared/golden) through the compiler and the generated code (the TypeScript module, or with
 * `--target pytorch` the generated train.py), prints one line per case and exits 1 if any case fails or
 * cannot be expressed.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { runParityCase, type ParityResult } from "./parity.ts";
import { runPyTorchParityCase } from "./parity-pytorch.ts";

const argv = process.argv.slice(2);
const targetAt = argv.indexOf("--target");
const target = targetAt >= 0 ? argv.splice(targetAt, 2)[1] : "ts";
if (target !== "ts" && target !== "pytorch") {
  console.error(`parity: --target expects ts or pytorch, got ${JSON.stringify(target)}`);
  process.exit(2);
}
const runCase = target === "pytorch" ? runPyTorchParityCase : runParityCase;
const root = resolve(argv[0] ?? join(import.meta.dirname, "../../../shared/golden"));
if (!existsSync(root)) {
  console.error(`parity: ${root}: no such folder`);
  process.exit(2);
}
const cases = existsSync(join(root, "case.json"))
  ? [root]
  : readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(root, e.name, "case.json")))
      .map((e) => join(root, e.name))
      .sort();
if (cases.length === 0) {
  console.error(`parity: no case folders (with case.json) under ${root}`);
  process.exit(2);
}

const e = (x: number) => (Number.isFinite(x) ? x.toExponential(1) : String(x));
let failed = 0;
for (const dir of cases) {
  let r: ParityResult;
  try {
    r = await runCase(dir);
  } catch (err) {
    failed++;
    console.log(`FAIL ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  if (!r.ok) failed++;
  console.log(
    `${r.ok ? "PASS" : "FAIL"} ${r.name.padEnd(28)} max|Δw| ${e(r.weightDiff)}  max|Δloss| ${e(r.lossDiff)}  max|Δeval| ${e(r.evalDiff)}  lr rel ${e(r.lrRelative)}  (worst/tolerance: w ${r.weightRatio.toFixed(3)}, loss ${r.lossRatio.toFixed(3)}, eval ${r.evalRatio.toFixed(3)})`,
  );
  for (const p of r.problems) console.log(`     ${p}`);
}
console.log(`${cases.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
