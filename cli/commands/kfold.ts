/**
 * `nnc kfold FILE.nn --folds K`: k-fold cross-validation. The training set (the spec's validation split
 * is ignored) is shuffled once with the spec's seed and cut into K folds; each fold is validated by a
 * model trained on the other K−1, with preprocessing fitted on those alone. Prints each fold and mean ± std;
 * writes each fold's checkpoint and metrics (fold-1, …) and kfold.json to --out.
 */
import type { Command } from "commander";
import { requireDataBlock } from "../require-data.ts";
import { parseCount } from "../options.ts";
import { f4, pm, summarize } from "../practice/summary.ts";
import { trialSeed } from "../../runtime/practice/search/sample.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";
import { join } from "node:path";
import { defaultOutDir } from "../default-out.ts";
import { openRunFolder } from "../run-lock.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerKfold(program: Command): void {
  program
    .command("kfold")
    .description("k-fold cross-validation: train K models, each validated on one fold; report mean ± std")
    .argument("<file>", "the .nn spec")
    .option("--folds <k>", "number of folds", "5")
    .option("--epochs <n>", "override the spec's epochs")
    .option("--workers <n>", "parallel worker threads (default: the number of cores)")
    .option("--out <dir>", "folder for each fold's checkpoint and metrics (fold-1, …) and kfold.json (default runs/<spec name>-kfold)")
    .option("--json", "print JSON")
    .action(async (file: string, flags: { folds: string; epochs?: string; workers?: string; out?: string; json?: boolean }) => {
      const { readSpec } = await import("../read-spec.ts");
      const { defaultWorkers, runTrials } = await import("../practice/pool.ts");
      const { loadSpecText } = await import("../practice/trial.ts");
      const text = readSpec(file);
      const { plan } = await loadSpecText(text, file);
      requireDataBlock(plan, file, "kfold");
      const folds = parseCount("--folds", flags.folds, 2);
      const epochs = flags.epochs === undefined ? undefined : parseCount("--epochs", flags.epochs);
      const out = flags.out ?? defaultOutDir(file, "-kfold");
      openRunFolder(out);
      const tasks = Array.from({ length: folds }, (_, fold) => ({
        id: fold,
        text,
        specPath: file,
        epochs,
        seed: trialSeed(plan.training.seed, fold),
        recipe: { kind: "fold", fold, folds, seed: plan.training.seed } as const,
        outDir: join(out, `fold-${fold + 1}`),
      }));
      const workers = flags.workers === undefined ? defaultWorkers() : parseCount("--workers", flags.workers);
      const results = await runTrials(tasks, workers, (r) =>
        process.stderr.write(`fold ${r.id + 1}/${folds}: val acc ${f4(r.valAccuracy)} loss ${f4(r.valLoss)}\n`),
      );
      const rows = results.map((r) => ({
        fold: r.id + 1,
        seed: r.seed,
        val_accuracy: r.valAccuracy,
        val_loss: r.valLoss,
        test_accuracy: r.testAccuracy,
        checkpoint: join(out, `fold-${r.id + 1}`, "checkpoint.safetensors"),
      }));
      const summary = {
        spec: file,
        folds: rows,
        validation_accuracy: summarize(results.map((r) => r.valAccuracy)),
        validation_loss: summarize(results.map((r) => r.valLoss)),
        test_accuracy: summarize(results.map((r) => r.testAccuracy)),
      };
      writeFileAtomic(join(out, "kfold.json"), JSON.stringify(summary, null, 2) + "\n");
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      process.stdout.write("fold  val acc  val loss  test acc\n");
      for (const r of results)
        process.stdout.write(`${String(r.id + 1).padStart(4)}  ${f4(r.valAccuracy)}   ${f4(r.valLoss)}    ${f4(r.testAccuracy)}\n`);
      process.stdout.write(
        `validation accuracy ${pm(results.map((r) => r.valAccuracy))}, loss ${pm(results.map((r) => r.valLoss))} (mean ± std over ${folds} folds)\n`,
      );
      if (results.some((r) => r.testAccuracy !== null)) process.stdout.write(`test accuracy ${pm(results.map((r) => r.testAccuracy))}\n`);
      process.stdout.write(`wrote ${join(out, "kfold.json")} and the folds' checkpoints (${join(out, "fold-1")}, …)\n`);
    });
}
