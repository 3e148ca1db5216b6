/** `nnc report DIR`: regenerate report.html and plots/*.svg|png of a run from its metrics.json. */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { lockRunFolder } from "../run-lock.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("write report.html and SVG/PNG plots (loss, accuracy, learning rate, update/weight ratio) from a run's metrics.json")
    .argument("<dir>", "a run folder written by nnc train (holds metrics.json)")
    .action(async (dir: string) => {
      const { writeReport } = await import("../../report/write.ts");
      if (!existsSync(join(dir, "metrics.json")))
        throw new UsageError(`${dir}: no metrics.json (train first: nnc train SPEC --out ${dir})`);
      lockRunFolder(dir, "report");
      const r = await writeReport(dir);
      process.stdout.write(`wrote ${r.html} and ${r.files.length} plot files in ${join(dir, "plots")}\n`);
    });
}
