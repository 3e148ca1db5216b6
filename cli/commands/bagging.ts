/**
 * `nnc bagging FILE.nn --members N`: bootstrap aggregating. Each member trains on n rows drawn with
 * replacement from the training set (its own seed for the draw and the init); the members' class
 * probabilities are averaged on the test set (validation set when there is none). Each member's
 * checkpoint and metrics (member-1, …) and bagging.json go to --out.
 */
import type { Command } from "commander";
import { requireDataBlock } from "../require-data.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { ensembleAccuracy, f4, pm, requireEvaluationSet } from "../practice/summary.ts";
import { trialSeed } from "../../runtime/practice/search/sample.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";
import { join } from "node:path";
import { defaultOutDir } from "../default-out.ts";
import { openRunFolder } from "../run-lock.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerBagging(program: Command): void {
  program
    .command("bagging")
    .description("bagging: train N members on bootstrap samples and average their predictions")
    .argument("<file>", "the .nn spec")
    .option("--members <n>", "number of bootstrap members", "5")
    .option("--epochs <n>", "override the spec's epochs")
    .option("--workers <n>", "parallel worker threads (default: the number of cores)")
    .option(
      "--out <dir>",
      "folder for each member's checkpoint and metrics (member-1, …) and bagging.json (default runs/<spec name>-bagging)",
    )
    .option("--json", "print JSON")
    .action(async (file: string, flags: { members: string; epochs?: string; workers?: string; out?: string; json?: boolean }) => {
      const { readSpec } = await import("../read-spec.ts");
      const { defaultWorkers, runTrials } = await import("../practice/pool.ts");
      const { loadSpecText } = await import("../practice/trial.ts");
      const text = readSpec(file);
      const { plan } = await loadSpecText(text, file);
      requireDataBlock(plan, file, "bagging");
      if (plan.data?.task !== "classification")
        throw new UsageError(`${file}: bagging averages class probabilities; the spec is not a classifier`);
      requireEvaluationSet(plan, file, "bagging");
      const n = parseCount("--members", flags.members, 2);
      const epochs = flags.epochs === undefined ? undefined : parseCount("--epochs", flags.epochs);
      const out = flags.out ?? defaultOutDir(file, "-bagging");
      openRunFolder(out);
      const tasks = Array.from({ length: n }, (_, i) => {
        const seed = trialSeed(plan.training.seed, i);
        return {
          id: i,
          text,
          specPath: file,
          epochs,
          seed,
          recipe: { kind: "bootstrap", seed } as const,
          scores: true,
          outDir: join(out, `member-${i + 1}`),
        };
      });
      const workers = flags.workers === undefined ? defaultWorkers() : parseCount("--workers", flags.workers);
      const members = await runTrials(tasks, workers, (r) =>
        process.stderr.write(`member ${r.id + 1}/${n}: ${r.evalSet} acc ${f4(r.evalAccuracy)}\n`),
      );
      const accuracy = ensembleAccuracy(members);
      const set = members[0].evalSet;
      const summary = {
        spec: file,
        set,
        members: members.map((m) => ({
          member: m.id + 1,
          seed: m.seed,
          accuracy: m.evalAccuracy,
          checkpoint: join(out, `member-${m.id + 1}`, "checkpoint.safetensors"),
        })),
        ensemble_accuracy: accuracy,
      };
      writeFileAtomic(join(out, "bagging.json"), JSON.stringify(summary, null, 2) + "\n");
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      process.stdout.write("member  seed        " + `${set} acc\n`);
      for (const m of members)
        process.stdout.write(`${String(m.id + 1).padStart(6)}  ${String(m.seed).padEnd(10)}  ${f4(m.evalAccuracy)}\n`);
      process.stdout.write(
        `members: ${pm(members.map((m) => m.evalAccuracy))} (mean ± std over ${n})\nbagged ensemble (averaged probabilities): ${accuracy.toFixed(4)}\n`,
      );
      process.stdout.write(`wrote ${join(out, "bagging.json")} and the members' checkpoints (${join(out, "member-1")}, …)\n`);
    });
}
