/**
 * The end of a run: the final checkpoint, the weights left in the model (best, EMA or last), the test
 * evaluation, the result and metrics.json.
 */
import { writeFileAtomic } from "../checkpoint/atomic.ts";
import { copyInto } from "../memory.ts";
import { nodePath } from "../node.ts";
import { evaluateModel } from "./evaluate.ts";
import { saveLoopCheckpoint } from "./loop-checkpoint.ts";
import type { EpochProgress } from "./resume.ts";
import type { EpochMetrics, RunPause, TrainResult } from "./run-api.ts";
import type { RunContext, RunState } from "./run-state.ts";

/** How the run's threads were chosen (runtime/train/loop.ts), for the result. */
export interface ThreadsUsed {
  readonly reason: string;
  readonly kernelThreads: number;
}

export function finishRun(ctx: RunContext, state: RunState, started: number, threads: ThreadsUsed): TrainResult {
  const { model, data, best, parallel, options } = ctx;
  // What gets evaluated and saved: the best weights when early stopping restores them, else the EMA
  // average when EMA is on (it is what validation measured), else the last weights.
  // The final checkpoint keeps the training weights in its state file, so `--resume` can train on from it.
  const useBest = best?.restoresBest === true;
  const exportParams = useBest ? best.params : ctx.ema;
  saveLoopCheckpoint(ctx, state, exportParams, useBest ? best.stats : undefined, state.pausedInside);
  if (exportParams) copyInto(exportParams, 0, model.params, 0, exportParams.length);
  if (useBest) copyInto(best.stats, 0, model.stats, 0, best.stats.length);
  // An interrupted run leaves at once; a run paused by its step budget is still measured, as a finished one is.
  const test = data.test && state.paused !== "interrupt" ? evaluateModel(model, data.test) : undefined;
  const pause: RunPause | undefined =
    state.paused === undefined
      ? undefined
      : {
          reason: state.paused,
          epoch: state.pausedInside ? model.epoch + 1 : model.epoch,
          batch: state.pausedInside?.batch ?? 0,
          batches: ctx.batcher.batchesPerEpoch,
          step: model.step,
        };
  const seconds = (performance.now() - started) / 1000;
  const partialEpoch = state.partialEpoch;
  const skippedBatches = [...state.history, ...(partialEpoch ? [partialEpoch] : [])].reduce(
    (s, e) => s + (typeof e.skipped_batches === "number" ? e.skipped_batches : 0),
    0,
  );
  const result: TrainResult = {
    epochs: state.history,
    test,
    stoppedEarly: state.stoppedEarly,
    bestEpoch: best && best.epoch > 0 ? best.epoch : undefined,
    steps: model.step,
    seconds,
    ...(ctx.snapshots ? { snapshotEnsemble: ctx.snapshots.result() } : {}),
    threads: {
      count: parallel?.threads ?? 1,
      kernels: threads.kernelThreads,
      reason: parallel?.failure ?? threads.reason,
      workerShards: parallel?.shardsBy.workers ?? 0,
      workerRanges: parallel?.rangesBy.workers ?? 0,
    },
    perStep: ctx.stepLog.toJson(),
    ...(pause ? { paused: pause } : {}),
    ...(partialEpoch ? { partialEpoch } : {}),
    ...(model.profile ? { profile: model.profile } : {}),
    skipped: { batches: skippedBatches, of: skippedBatches + model.step * ctx.settings.accumulate },
  };
  if (options.outDir)
    writeFileAtomic(
      nodePath("writing metrics.json").join(options.outDir, "metrics.json"),
      JSON.stringify(metricsJson(model.definition.source, result), null, 2) + "\n",
    );
  return result;
}

/** The running metrics of an epoch paused after `p.batch` batches (no validation: the epoch did not end). */
export function partialEpochMetrics(
  task: "classification" | "regression",
  epoch: number,
  step: number,
  lr: number,
  p: EpochProgress,
  seconds: number,
): EpochMetrics {
  return {
    epoch,
    train_loss: p.lossSum / Math.max(p.seen, 1),
    train_accuracy: task === "classification" ? p.correct / Math.max(p.seen, 1) : null,
    val_loss: null,
    val_accuracy: null,
    lr,
    seconds,
    samples_per_second: p.seen / Math.max(seconds, 1e-9),
    step,
    partial_batches: p.batch,
    ...(p.ratios ? { update_weight_ratio: p.ratios } : {}),
  };
}
/** metrics.json: the run's result as other tools (nnc report, the playground) read it; its names are a format, keep them. */
export function metricsJson(source: string, r: TrainResult): Record<string, unknown> {
  return {
    source,
    epochs: r.partialEpoch ? [...r.epochs, r.partialEpoch] : r.epochs,
    ...(r.test ? { test_loss: r.test.loss, test_accuracy: r.test.accuracy ?? null } : {}),
    stopped_early: r.stoppedEarly,
    best_epoch: r.bestEpoch ?? null,
    steps: r.steps,
    seconds: r.seconds,
    threads: r.threads.count,
    kernel_threads: r.threads.kernels,
    threads_reason: r.threads.reason,
    ...(r.paused ? { paused: r.paused } : {}),
    ...(r.skipped.batches > 0 ? { skipped_batches: r.skipped.batches, batches_tried: r.skipped.of } : {}),
    per_step: r.perStep,
    ...(r.snapshotEnsemble
      ? {
          snapshot_ensemble: {
            members: r.snapshotEnsemble.epochs.length,
            epochs: r.snapshotEnsemble.epochs,
            set: r.snapshotEnsemble.set ?? null,
            accuracy: r.snapshotEnsemble.accuracy ?? null,
            member_accuracies: r.snapshotEnsemble.memberAccuracies,
          },
        }
      : {}),
  };
}
