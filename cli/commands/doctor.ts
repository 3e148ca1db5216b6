/**
 * `nnc doctor FILE.nn…`: the checklist before a long run (CS231n, "babysitting the learning process").
 * Each check starts from a freshly initialised model: (1) initial loss vs chance level, with and without
 * the l1/l2 terms; (2) overfit 20 examples; (3) float64 gradient check of the generated backward pass;
 * (4) activation statistics per layer at initialization; (5) update/weight ratio over the first steps.
 * Exits 1 when a check fails.
 */
import type { Command } from "commander";
import { INITIAL_LOSS_TOLERANCE, OVERFIT_ROWS, OVERFIT_STEPS, RATIO_STEPS } from "../../runtime/practice/doctor-defaults.ts";
import type { DoctorFlags } from "../practice/doctor.ts";
import { CHECKS } from "../practice/doctor-checks.ts";

// cli/practice/doctor.ts runs the checks; it is loaded when the command runs, so `nnc --help` does not load it.

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "sanity checks before a long run: initial loss, overfit a tiny sample, gradient check, activation statistics, update/weight ratio",
    )
    .argument("<files...>", "one or more .nn specs")
    .option("--only <checks>", `comma-separated subset of ${CHECKS.join(",")}`)
    .option("--seed <n>", "initialise from this seed instead of the spec's")
    .option("--overfit-steps <n>", `step budget for overfitting ${OVERFIT_ROWS} examples`, String(OVERFIT_STEPS))
    .option("--ratio-steps <n>", "training steps the update/weight ratio is averaged over", String(RATIO_STEPS))
    .option("--loss-tolerance <x>", "relative tolerance of the initial loss against ln C", String(INITIAL_LOSS_TOLERANCE))
    .option("--json", "print JSON: per file, each check's status (pass, fail, skip), summary and measurements")
    .action(async (files: string[], flags: DoctorFlags & { json?: boolean }) => {
      const { doctorJson, doctorReport } = await import("../practice/doctor.ts");
      let failed = false;
      const reports: object[] = [];
      for (const [i, file] of files.entries()) {
        const r = await doctorReport(file, flags);
        if (flags.json) reports.push(doctorJson(r));
        else process.stdout.write((i > 0 ? "\n" : "") + r.text);
        failed ||= r.failed;
      }
      if (flags.json) process.stdout.write(JSON.stringify({ files: reports }, null, 2) + "\n");
      if (failed) process.exitCode = 1;
    });
}
