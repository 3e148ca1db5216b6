/** `nnc train FILE.nn`: compile, load the data, train with a progress bar, write checkpoint and metrics.json. */
import type { Command } from "commander";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import cliProgress from "cli-progress";
import type { BatchProgress, EpochMetrics } from "../../runtime/index.ts";
import { requireDataBlock } from "../require-data.ts";
import { loadSpecModule } from "../spec-module.ts";
import { parseCount } from "../options.ts";
import { writeReport } from "../../report/write.ts";
import { sparkline } from "../../report/sparkline.ts";
import { UsageError } from "../errors.ts";
import { TrainingDivergedError } from "../../runtime/train/divergence.ts";
import { prestartDataParallel } from "../../runtime/parallel/prestart.ts";
import { openRunFolder, requireUnlocked } from "../run-lock.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { escapeMessage } from "../../runtime/text/escape.ts";
import { formatProfile, profileRows } from "../../runtime/train/profile.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";

interface TrainFlags {
  epochs?: string;
  steps?: string;
  seed?: string;
  init?: string;
  out?: string;
  resume?: string;
  threads?: string;
  progress: boolean;
  profile?: boolean;
}

function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined ? "-" : x.toFixed(digits);
}

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("compile a spec and train it on its data")
    .argument("<file>", "the .nn spec")
    .option("--epochs <n>", "override the spec's epochs")
    .option("--steps <n>", "train at most n optimizer steps in this run, then stop with a checkpoint that --resume continues to the planned end")
    .option("--seed <n>", "override the spec's seed")
    .option("--init <checkpoint>", "start from the weights in this safetensors checkpoint")
    .option("--resume <dir>", "continue exactly where the run in <dir> stopped (its last checkpoint); writes to <dir> unless --out is given")
    .option("--out <dir>", "output folder for checkpoint.safetensors, training-state.safetensors, metrics.json and the generated module (default runs/<spec name>)")
    .option("--threads <n>", "threads for data-parallel training, 1 for single-threaded (default: NNC_THREADS, else one per core when the model and batch allow)")
    .option("--no-progress", "no progress bar (one line per epoch only)")
    .option("--profile", "time every layer's forward and backward pass and each phase of the step; prints a table and writes profile.json")
    .action(async (file: string, flags: TrainFlags) => {
      if (flags.resume !== undefined && flags.init !== undefined) throw new UsageError("--resume and --init exclude each other: a resumed run already has its weights");
      const out = flags.out ?? flags.resume ?? join("runs", basename(file).replace(/\.nn$/, ""));
      if (flags.resume !== undefined && !existsSync(flags.resume)) throw new UsageError(`--resume ${flags.resume}: no such folder`);
      // Resuming from a folder another run is still writing would read a moving target.
      if (flags.resume !== undefined && resolve(flags.resume) !== resolve(out)) requireUnlocked(flags.resume, "--resume");
      openRunFolder(out, flags.out === undefined && flags.resume !== undefined ? "--resume" : "--out");
      const { module, plan, file: moduleFile } = await loadSpecModule(file, out, flags.profile === true);
      requireDataBlock(plan, file, "train");
      const epochs = flags.epochs !== undefined ? parseCount("--epochs", flags.epochs) : undefined;
      const steps = flags.steps !== undefined ? parseCount("--steps", flags.steps) : undefined;
      const seed = flags.seed !== undefined ? parseCount("--seed", flags.seed, 0) : undefined;
      const threads = flags.threads !== undefined ? parseCount("--threads", flags.threads) : undefined;
      // Data-parallel workers start and load the generated module while the data loads.
      prestartDataParallel(module.DEFINITION, pathToFileURL(moduleFile).href, threads);
      process.stderr.write(`loading data for ${escapeMessage(file)}\n`);
      const data = module.loadData();
      process.stderr.write(
        `train ${data.train.n} rows` + (data.validation ? `, validation ${data.validation.n}` : "") + (data.test ? `, test ${data.test.n}` : "") + "\n",
      );
      const interactive = flags.progress && process.stderr.isTTY === true;
      const bar = interactive
        ? new cliProgress.SingleBar(
            {
              format: "epoch {epoch} [{bar}] {percentage}% | loss {loss} {spark} | acc {acc} | lr {lr} | {speed} samples/s | ETA {eta_formatted}",
              hideCursor: true,
              clearOnComplete: true,
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let barEpoch = -1;
      // The sparkline shows each finished epoch's train loss followed by the running loss of this one.
      const epochLosses: number[] = [];
      const onBatch = (p: BatchProgress) => {
        if (!bar) return;
        const payload = { epoch: `${p.epoch + 1}${p.epochs ? `/${p.epochs}` : ""}`, loss: fmt(p.loss), spark: sparkline([...epochLosses, p.loss]), acc: fmt(p.accuracy), lr: p.lr.toExponential(2), speed: Math.round(p.samplesPerSecond) };
        if (barEpoch !== p.epoch) {
          barEpoch = p.epoch;
          bar.start(p.batches, p.batch, payload);
        } else bar.update(p.batch, payload);
      };
      // Long runs of tiny epochs (xor: 500) print about 25 lines, not one per epoch.
      const stepsTotal = steps ?? (epochs === undefined ? module.DEFINITION.training.steps : undefined);
      const batchesPerEpoch = Math.ceil(data.train.n / module.DEFINITION.training.batchSize);
      const total = stepsTotal !== undefined ? Math.ceil(stepsTotal / batchesPerEpoch) : (epochs ?? module.DEFINITION.training.epochs);
      const every = total !== undefined && total > 50 ? Math.ceil(total / 25) : 1;
      const onEpoch = (m: EpochMetrics) => {
        if (m.train_loss !== null) epochLosses.push(m.train_loss);
        bar?.stop();
        barEpoch = -1;
        const skipped = typeof m.skipped_batches === "number" ? m.skipped_batches : 0;
        if (m.epoch % every !== 0 && m.epoch !== total && m.epoch !== 1 && skipped === 0) return;
        const trained = m.train_loss === null ? `no batch trained (on_nan = skip_batch skipped all ${skipped})` : `train loss ${fmt(m.train_loss)} acc ${fmt(m.train_accuracy)}${skipped > 0 ? ` (${skipped} batches skipped)` : ""}`;
        process.stderr.write(
          `epoch ${m.epoch}: ${trained} | val loss ${fmt(m.val_loss)} acc ${fmt(m.val_accuracy)} | lr ${m.lr.toExponential(2)} | ${m.seconds.toFixed(1)} s, ${Math.round(m.samples_per_second)} samples/s\n`,
        );
      };
      const onNanRecovery = (e: { message: string }) => {
        bar?.stop();
        barEpoch = -1;
        process.stderr.write(`on_nan: ${e.message}\n`);
      };
      if (flags.resume !== undefined) process.stderr.write(`resuming from ${escapeMessage(flags.resume)}\n`);
      const result = module.train({ epochs, steps, seed, initFrom: flags.init, resumeFrom: flags.resume, outDir: out, data, onBatch, onEpoch, onNanRecovery, threads });
      process.stderr.write(`${result.threads.reason}\n`);
      if (result.stoppedEarly) process.stderr.write(`early stopping after epoch ${result.epochs.length}; best epoch ${result.bestEpoch}\n`);
      if (result.test) process.stdout.write(`test: loss ${fmt(result.test.loss)} accuracy ${fmt(result.test.accuracy)} (${result.test.n} samples)\n`);
      const se = result.snapshotEnsemble;
      if (se) {
        const members = se.memberAccuracies.map((a, i) => `epoch ${se.epochs[i]} ${fmt(a)}`).join(", ");
        process.stdout.write(
          se.set === undefined
            ? `snapshot ensemble: ${se.epochs.length} snapshots (epochs ${se.epochs.join(", ")}); no test or validation set to evaluate them on\n`
            : `snapshot ensemble of ${se.epochs.length} snapshots: ${se.set} accuracy ${fmt(se.accuracy)} (members: ${members})\n`,
        );
      }
      const { batches: skippedBatches, of: triedBatches } = result.skipped;
      if (skippedBatches > 0) process.stderr.write(`on_nan = skip_batch skipped ${skippedBatches} of ${triedBatches} batches\n`);
      process.stdout.write(`trained ${result.steps} steps in ${result.seconds.toFixed(1)} s; wrote ${join(out, "checkpoint.safetensors")} and ${join(out, "metrics.json")}\n`);
      if (result.profile) {
        process.stdout.write(formatProfile(result.profile) + "\n");
        writeFileAtomic(join(out, "profile.json"), JSON.stringify({ steps: result.profile.steps, rows: profileRows(result.profile) }, null, 2) + "\n");
        process.stdout.write(`wrote ${join(out, "profile.json")}\n`);
      }
      const report = await writeReport(out);
      process.stdout.write(`wrote ${report.html} and ${report.files.length} plot files in ${join(out, "plots")}\n`);
      // Everything is written (the metrics show what happened), but a run that mostly skipped is not a trained model.
      if (skippedBatches * 2 > triedBatches) {
        throw new TrainingDivergedError(
          `on_nan = skip_batch skipped ${skippedBatches} of ${triedBatches} batches (more than half): this is not a trained model. ` +
            `Lower the learning rate, add gradient clipping (clip_grad_norm), or check the input scaling.`,
          result.steps,
          result.epochs.at(-1)?.lr ?? NaN,
          undefined,
        );
      }
    });
}
