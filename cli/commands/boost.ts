/**
 * `nnc boost FILE.nn --rounds N`: boosting with SAMME (multi-class AdaBoost) over networks trained on
 * reweighted resamples of the training set (cli/practice/boost.ts), reported round by round — weighted
 * training error, vote α, the round's network and the ensemble so far on the test set (validation set when
 * there is none) — next to bagging with as many bootstrap members, on the same rows.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { requireDataBlock } from "../require-data.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { openRunFolder } from "../run-lock.ts";
import { ensembleAccuracy, f4, requireEvaluationSet } from "../practice/summary.ts";
import { trialSeed } from "../../runtime/practice/search/sample.ts";
import type { BoostRound } from "../practice/boost.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

interface BoostFlags {
  rounds: string;
  epochs?: string;
  workers?: string;
  bagging: boolean;
  out?: string;
  json?: boolean;
}

const stopReason = {
  perfect:
    "its weighted error is 0 (the network fits the training set, so the weights would not change; boosting wants weak learners: fewer --epochs or a smaller model)",
  chance: "its weighted error is no better than chance (≥ 1 − 1/K); it gets no vote",
} as const;

function roundLine(r: BoostRound): string {
  return `${String(r.round).padStart(5)}  ${String(r.seed).padEnd(10)}  ${r.weightedError.toFixed(4).padStart(14)}  ${r.alpha.toFixed(4).padStart(7)}  ${f4(r.accuracy).padStart(10)}  ${f4(r.ensembleAccuracy).padStart(12)}`;
}

export function registerBoost(program: Command): void {
  program
    .command("boost")
    .description(
      "boosting (SAMME): train N networks on reweighted resamples, each round favouring the rows the last got wrong; compare with bagging",
    )
    .argument("<file>", "the .nn spec")
    .option("--rounds <n>", "boosting rounds (and bagging members)", "5")
    .option("--epochs <n>", "override the spec's epochs (boosting wants weak learners: few epochs)")
    .option("--workers <n>", "parallel worker threads for the bagging members (default: the number of cores)")
    .option("--no-bagging", "do not train the bagging ensemble to compare with")
    .option("--out <dir>", "folder for each round's checkpoint and metrics (round-01, …) and boost.json")
    .option("--json", "print JSON")
    .action(async (file: string, flags: BoostFlags) => {
      const { readSpec } = await import("../read-spec.ts");
      const { defaultWorkers, runTrials } = await import("../practice/pool.ts");
      const { loadSpecText } = await import("../practice/trial.ts");
      const { runBoosting } = await import("../practice/boost.ts");
      const text = readSpec(file);
      const { plan } = await loadSpecText(text, file);
      requireDataBlock(plan, file, "boost");
      if (plan.data?.task !== "classification")
        throw new UsageError(`${file}: boosting (SAMME) votes over classes; the spec is not a classifier`);
      requireEvaluationSet(plan, file, "boost");
      const rounds = parseCount("--rounds", flags.rounds, 1);
      const epochs = flags.epochs === undefined ? undefined : parseCount("--epochs", flags.epochs);
      const workers = flags.workers === undefined ? defaultWorkers() : parseCount("--workers", flags.workers);
      if (flags.out !== undefined) openRunFolder(flags.out);

      const boost = await runBoosting({
        text,
        specPath: file,
        rounds,
        epochs,
        outDir: flags.out,
        onRound: (r) =>
          process.stderr.write(
            `round ${r.round}/${rounds}: weighted error ${r.weightedError.toFixed(4)}, α ${r.alpha.toFixed(4)}, ensemble acc ${f4(r.ensembleAccuracy)}\n`,
          ),
      });
      let bagging: { members: number; accuracies: (number | null)[]; accuracy: number } | undefined;
      if (flags.bagging && rounds >= 2) {
        const tasks = Array.from({ length: rounds }, (_, i) => {
          const seed = trialSeed(plan.training.seed, i);
          return { id: i, text, specPath: file, epochs, seed, recipe: { kind: "bootstrap", seed } as const, scores: true };
        });
        const members = await runTrials(tasks, workers, (r) =>
          process.stderr.write(`bagging member ${r.id + 1}/${rounds}: ${r.evalSet} acc ${f4(r.evalAccuracy)}\n`),
        );
        bagging = { members: rounds, accuracies: members.map((m) => m.evalAccuracy), accuracy: ensembleAccuracy(members) };
      }

      const last = boost.rounds[boost.rounds.length - 1];
      const summary = {
        set: boost.set,
        rows: boost.rows,
        boosting: {
          algorithm: "SAMME",
          rounds: boost.rounds.map((r) => ({
            round: r.round,
            seed: r.seed,
            weighted_error: r.weightedError,
            alpha: r.alpha,
            accuracy: r.accuracy,
            ensemble_accuracy: r.ensembleAccuracy,
            ...(r.stop ? { stopped: r.stop } : {}),
          })),
          ensemble_accuracy: boost.ensembleAccuracy,
        },
        bagging:
          bagging === undefined
            ? null
            : { members: bagging.members, member_accuracies: bagging.accuracies, ensemble_accuracy: bagging.accuracy },
      };
      if (flags.out !== undefined)
        writeFileAtomic(join(flags.out, "boost.json"), JSON.stringify({ spec: file, ...summary }, null, 2) + "\n");
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      process.stdout.write(`accuracies on the ${boost.set} set (${boost.rows} rows); weighted error on the training set\n`);
      process.stdout.write(`round  seed        weighted error    alpha  member acc  ensemble acc\n`);
      for (const r of boost.rounds) process.stdout.write(roundLine(r) + "\n");
      if (last?.stop !== undefined) process.stdout.write(`stopped after round ${last.round}: ${stopReason[last.stop]}\n`);
      process.stdout.write(
        `boosted ensemble (SAMME, ${boost.rounds.length} round${boost.rounds.length === 1 ? "" : "s"}): ${boost.set} accuracy ${f4(boost.ensembleAccuracy)}\n`,
      );
      if (bagging)
        process.stdout.write(
          `bagged ensemble (${bagging.members} bootstrap members, averaged probabilities): ${boost.set} accuracy ${bagging.accuracy.toFixed(4)}\n`,
        );
      if (flags.out !== undefined)
        process.stdout.write(`wrote ${join(flags.out, "boost.json")} and each round's checkpoint in ${join(flags.out, "round-NN")}\n`);
    });
}
