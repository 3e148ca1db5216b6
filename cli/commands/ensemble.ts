/**
 * `nnc ensemble FILE.nn --checkpoints A B C` or `--seeds N`: averages the members' class probabilities
 * on the test set (validation set when there is none) and reports each member's and the ensemble's accuracy.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { requireDataBlock } from "../require-data.ts";
import { defaultOutDir } from "../default-out.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { openRunFolder } from "../run-lock.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";
import type { TrialTask } from "../practice/trial.ts";
import { ensembleAccuracy, f4, pm, requireEvaluationSet } from "../practice/summary.ts";
import { trialSeed } from "../../runtime/practice/search/sample.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

interface EnsembleFlags {
  checkpoints?: string[];
  seeds?: string;
  epochs?: string;
  workers?: string;
  out?: string;
  json?: boolean;
}

export function registerEnsemble(program: Command): void {
  program
    .command("ensemble")
    .description("average the predictions of several checkpoints, or of models trained with several seeds")
    .argument("<file>", "the .nn spec")
    .option("--checkpoints <files...>", "safetensors checkpoints of this spec's model")
    .option("--seeds <n>", "train n models with different seeds and average them")
    .option("--epochs <n>", "with --seeds: override the spec's epochs")
    .option("--workers <n>", "with --seeds: parallel worker threads (default: the number of cores)")
    .option(
      "--out <dir>",
      "folder for ensemble.json and the members' checkpoints (seed-N); default with --seeds runs/<spec name>-ensemble, with --checkpoints none",
    )
    .option("--json", "print JSON")
    .action(async (file: string, flags: EnsembleFlags) => {
      const { readSpec } = await import("../read-spec.ts");
      const { defaultWorkers, runTrials } = await import("../practice/pool.ts");
      const { loadSpecText } = await import("../practice/trial.ts");
      if ((flags.checkpoints === undefined) === (flags.seeds === undefined))
        throw new UsageError("give exactly one of --checkpoints or --seeds");
      const text = readSpec(file);
      const { plan } = await loadSpecText(text, file);
      requireDataBlock(plan, file, "ensemble");
      if (plan.data?.task !== "classification")
        throw new UsageError(`${file}: ensembles average class probabilities; the spec is not a classifier`);
      requireEvaluationSet(plan, file, "ensemble");
      // --checkpoints only evaluates: it writes a folder when asked to; --seeds trains, like nnc train, into one by default.
      const out = flags.out ?? (flags.seeds !== undefined ? defaultOutDir(file, "-ensemble") : undefined);
      if (out !== undefined) openRunFolder(out);
      const memberDir = (seed: number) => join(out ?? ".", `seed-${seed}`);
      const base = { text, specPath: file, recipe: { kind: "spec" } as const, scores: true };
      const tasks: TrialTask[] =
        flags.checkpoints !== undefined
          ? flags.checkpoints.map((checkpoint, i) => ({ ...base, id: i, seed: plan.training.seed, checkpoint }))
          : Array.from({ length: parseCount("--seeds", flags.seeds as string, 2) }, (_, i) => {
              const seed = trialSeed(plan.training.seed, i);
              return {
                ...base,
                id: i,
                seed,
                outDir: memberDir(seed),
                epochs: flags.epochs === undefined ? undefined : parseCount("--epochs", flags.epochs),
              };
            });
      if (tasks.length < 2) throw new UsageError("an ensemble needs at least two members");
      const workers =
        flags.checkpoints !== undefined ? 1 : flags.workers === undefined ? defaultWorkers() : parseCount("--workers", flags.workers);
      const members = await runTrials(tasks, workers, (r, done) =>
        process.stderr.write(`member ${done}/${tasks.length} done (${r.seconds.toFixed(1)} s)\n`),
      );
      const accuracy = ensembleAccuracy(members);
      const names = members.map((m, i) => flags.checkpoints?.[i] ?? join(memberDir(m.seed), "checkpoint.safetensors"));
      const set = members[0].evalSet;
      const summary = {
        spec: file,
        set,
        members: members.map((m, i) => ({ member: names[i], seed: m.seed, accuracy: m.evalAccuracy })),
        ensemble_accuracy: accuracy,
      };
      if (out !== undefined) writeFileAtomic(join(out, "ensemble.json"), JSON.stringify(summary, null, 2) + "\n");
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      process.stdout.write(`${set} accuracy of ${members.length} members (${members[0].labels?.length ?? 0} samples):\n`);
      members.forEach((m, i) => process.stdout.write(`  ${names[i]}: ${f4(m.evalAccuracy)}\n`));
      process.stdout.write(
        `members: ${pm(members.map((m) => m.evalAccuracy))} (mean ± std)\nensemble (averaged probabilities): ${accuracy.toFixed(4)}\n`,
      );
      if (out !== undefined) process.stdout.write(`wrote ${join(out, "ensemble.json")}\n`);
    });
}
