/**
 * The end of an epoch: evaluation (with the EMA weights when EMA is on), the metrics entry, the model's
 * reaction to them (reduce-on-plateau), early stopping, epoch checkpoints and snapshots, and whether the run
 * goes on.
 */
import type { CompiledModel } from "../contract.ts";
import type { Dataset } from "../data/dataset.ts";
import { copyInto } from "../memory.ts";
import type { FloatArray } from "../types.ts";
import { evaluateModel, type EvaluationResult } from "./evaluate.ts";
import { checkpointMetadata, saveLoopCheckpoint } from "./loop-checkpoint.ts";
import type { EpochMetrics } from "./run-api.ts";
import { pauseReason, type EpochSums, type RunContext, type RunState } from "./run-state.ts";
import { DEFAULT_KEEP_LAST, pruneSnapshots, saveSnapshot } from "./snapshot.ts";
import { isCycleEnd } from "./snapshot-ensemble.ts";

/** "next" epoch, "restore" the last checkpoint (a non-finite validation loss under restore_last), or "stop". */
export type EpochEnd = "next" | "restore" | "stop";

/** Closes epoch `epoch` (0-based), which trained `sums` in `seconds`. */
export function endEpoch(ctx: RunContext, state: RunState, epoch: number, sums: EpochSums, seconds: number): EpochEnd {
  const { model, data, settings, ema } = ctx;
  const task = model.definition.task;
  model.epoch = epoch + 1;
  // An epoch whose every batch was skipped has no train loss (NaN here, null in the metrics): 0 would be a lie.
  const trained = sums.seen > 0;
  const train = {
    loss: trained ? sums.lossSum / sums.seen : NaN,
    accuracy: task === "classification" && trained ? sums.correct / sums.seen : undefined,
  };
  const evaluateNow = evaluationDue(settings.evaluateEvery, model.epoch, model.step, model.stepsPerEpoch ?? 1);
  const val = data.validation && evaluateNow ? evaluateWith(model, ema, ctx.scratch, data.validation) : undefined;
  if (val && !Number.isFinite(val.loss)) {
    // A non-finite validation loss is a fault like a training one: stop, or under restore_last go back.
    ctx.guard.onFault(model, `validation loss ${val.loss}`, "validation", model.step, epoch, sums.lastLr, ctx.options.outDir !== undefined);
    return "restore";
  }
  const entry: EpochMetrics = {
    epoch: model.epoch,
    train_loss: trained ? train.loss : null,
    train_accuracy: train.accuracy ?? null,
    val_loss: val?.loss ?? null,
    val_accuracy: val?.accuracy ?? null,
    lr: sums.lastLr,
    seconds,
    samples_per_second: sums.seen / Math.max(seconds, 1e-9),
    step: model.step,
    ...(sums.skipped > 0 ? { skipped_batches: sums.skipped } : {}),
    ...(sums.ratios ? { update_weight_ratio: sums.ratios } : {}),
  };
  for (const [k, v] of Object.entries(val?.topK ?? {})) entry[`val_${k}`] = v;
  state.history.push(entry);
  const observed: Record<string, number> = trained ? { "train.loss": train.loss } : {};
  if (train.accuracy !== undefined) observed["train.accuracy"] = train.accuracy;
  if (val) {
    observed["validation.loss"] = val.loss;
    if (val.accuracy !== undefined) observed["validation.accuracy"] = val.accuracy;
    for (const [k, v] of Object.entries(val.topK)) observed[`validation.${k}`] = v;
  }
  model.onEvaluation?.(observed);
  ctx.options.onEpoch?.(entry);

  if (ctx.best && val && ctx.best.observe(model.epoch, train, val, ema ?? model.params, model.stats)) state.stoppedEarly = true;
  saveEpochCheckpoints(ctx, state);
  if (state.stoppedEarly) return "stop";
  // Between epochs (L-BFGS steps once per epoch; a pause after an epoch's last batch lands here too).
  const planOver =
    (ctx.epochs !== undefined && model.epoch >= ctx.epochs) || (ctx.plannedSteps !== undefined && model.step >= ctx.plannedSteps);
  if (planOver) state.paused = undefined;
  else if ((state.paused ??= pauseReason(ctx)) !== undefined) return "stop";
  return "next";
}

/** `checkpoint_every = N epochs` and snapshot-ensemble cycle ends: a checkpoint and an epoch snapshot. */
function saveEpochCheckpoints(ctx: RunContext, state: RunState): void {
  const { model, options, settings, ema, snapshots } = ctx;
  const cycles = settings.snapshotEnsemble;
  const periodic = settings.checkpointEvery?.unit === "epochs" && model.epoch % settings.checkpointEvery.amount === 0;
  if (periodic) saveLoopCheckpoint(ctx, state);
  const cycleEnd = snapshots && cycles && isCycleEnd(model.epoch, cycles.T0, cycles.Tmult);
  if (cycleEnd) snapshots.add(model, ema, ctx.scratch);
  if ((periodic || cycleEnd) && options.outDir) {
    saveSnapshot(model, options.outDir, checkpointMetadata(ctx), ema);
    pruneSnapshots(
      options.outDir,
      "epoch",
      settings.keepLast ?? DEFAULT_KEEP_LAST,
      (n) => cycles !== undefined && isCycleEnd(n, cycles.T0, cycles.Tmult),
    );
  }
}

/** Evaluates with the EMA weights swapped in, when EMA is on. */
function evaluateWith(model: CompiledModel, ema: FloatArray | undefined, scratch: FloatArray | undefined, data: Dataset): EvaluationResult {
  if (!ema || !scratch) return evaluateModel(model, data);
  copyInto(model.params, 0, scratch, 0, scratch.length);
  copyInto(ema, 0, model.params, 0, ema.length);
  try {
    return evaluateModel(model, data);
  } finally {
    copyInto(scratch, 0, model.params, 0, scratch.length);
  }
}

/**
 * Whether the epoch just ended is evaluated. Evaluations happen at epoch ends: `evaluate_every = N epochs`
 * every N-th epoch; `evaluate_every = N steps` at the end of each epoch in which a multiple of N steps was
 * reached (the epoch's steps are (step − stepsPerEpoch, step]).
 */
export function evaluationDue(
  every: { readonly amount: number; readonly unit: "steps" | "epochs" },
  epoch: number,
  step: number,
  stepsPerEpoch: number,
): boolean {
  if (every.unit === "epochs") return epoch % every.amount === 0;
  return Math.floor(step / every.amount) > Math.floor(Math.max(0, step - stepsPerEpoch) / every.amount);
}
