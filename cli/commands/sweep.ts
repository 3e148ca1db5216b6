/** `nnc sweep FILE.nn`: hyperparameter search over the spec's distributions (see cli/practice/sweep.ts). */
import type { Command } from "commander";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { defaultOutDir } from "../default-out.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { openRunFolder } from "../run-lock.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

interface SweepFlags {
  trials: string;
  epochs?: string;
  grid?: boolean;
  points: string;
  refine: string;
  workers?: string;
  out?: string;
  seed?: string;
  metric?: string;
  top: string;
  json?: boolean;
}

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(
      "hyperparameter search: train trials of a spec whose numbers may be loguniform(a, b), uniform(a, b), int(a, b) or choice(...)",
    )
    .argument("<file>", "the .nn spec (a search space)")
    .option("--trials <n>", "random trials per round", "16")
    .option("--epochs <n>", "override the spec's epochs for every trial (short trials for a coarse search)")
    .option("--grid", "grid search over every choice and --points values per range instead of random search")
    .option("--points <n>", "grid points per continuous range", "3")
    .option("--refine <rounds>", "coarse-to-fine: after each round narrow the ranges around the best trials and search again", "0")
    .option("--workers <n>", "parallel worker threads (default: the number of cores)")
    .option("--seed <n>", "base seed (default the spec's); trial i trains with a seed derived from it and i")
    .option("--metric <name>", "rank by validation.accuracy or validation.loss (default accuracy for classifiers)")
    .option("--top <n>", "rows of the table to print", "10")
    .option("--out <dir>", "folder for results.csv and results.json (default runs/<spec name>-sweep)")
    .option("--json", "print the ranked trials as JSON (what results.json holds) instead of the table")
    .action(async (file: string, flags: SweepFlags) => {
      const { defaultWorkers } = await import("../practice/pool.ts");
      const { formatTable, runSweep } = await import("../practice/sweep.ts");
      if (flags.metric !== undefined && flags.metric !== "validation.accuracy" && flags.metric !== "validation.loss") {
        throw new UsageError(`--metric expects validation.accuracy or validation.loss, got ${JSON.stringify(flags.metric)}`);
      }
      const outDir = flags.out ?? defaultOutDir(file, "-sweep");
      openRunFolder(outDir);
      const result = await runSweep({
        specPath: file,
        trials: parseCount("--trials", flags.trials),
        epochs: flags.epochs === undefined ? undefined : parseCount("--epochs", flags.epochs),
        grid: flags.grid === true,
        points: parseCount("--points", flags.points),
        refine: parseCount("--refine", flags.refine, 0),
        workers: flags.workers === undefined ? defaultWorkers() : parseCount("--workers", flags.workers),
        outDir,
        seed: flags.seed === undefined ? undefined : parseCount("--seed", flags.seed, 0),
        metric: flags.metric as "validation.accuracy" | "validation.loss" | undefined,
      });
      for (const w of result.warnings) process.stderr.write(`warning: ${w.message}\n`);
      if (flags.json) {
        process.stdout.write(readFileSync(join(outDir, "results.json"), "utf8")); // what results.json holds, byte for byte
        return;
      }
      process.stdout.write(`ranked by ${result.metric}\n${formatTable(result, parseCount("--top", flags.top))}\n`);
      process.stdout.write(`wrote ${join(outDir, "results.csv")} and ${join(outDir, "results.json")} (${result.rows.length} trials)\n`);
    });
}
