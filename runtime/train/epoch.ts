/**
 * The batches of one epoch: mini-batches through step.ts with the per-step checkpoints, progress reports and
 * pauses between them, or L-BFGS's one full-batch step.
 */
import type { FullBatchModel } from "../contract.ts";
import { countCorrect } from "../kernels/losses.ts";
import { divergedError, parametersFinite } from "./divergence.ts";
import { checkpointMetadata, saveLoopCheckpoint } from "./loop-checkpoint.ts";
import { pauseReason, progressOf, type EpochSums, type RunContext, type RunState } from "./run-state.ts";
import { DEFAULT_KEEP_LAST, pruneSnapshots, saveSnapshot } from "./snapshot.ts";
import { PhaseClock, trainBatch } from "./step.ts";

/**
 * Trains the epoch's mini-batches (from where a resume left off when `resumed`); "restore" when a fault sends
 * the run back to its last checkpoint. A pause inside the epoch sets state.pausedInside.
 */
export function trainMiniBatches(
  ctx: RunContext,
  state: RunState,
  sums: EpochSums,
  epoch: number,
  resumed: boolean,
  epochStart: number,
): "done" | "restore" {
  const { model, batcher, settings } = ctx;
  // A resumed epoch skips the reshuffle: the batcher state has the order.
  if (!resumed) batcher.startEpoch();
  const clock = model.profile ? new PhaseClock(model.profile) : undefined;
  for (let n = batcher.next(); n > 0; n = batcher.next()) {
    clock?.phase("batch");
    const outcome = trainBatch(ctx, state, sums, n, epoch, clock);
    if (outcome === "restore") return "restore";
    if (outcome === "skipped") continue;
    sums.batch += 1;
    const stepEnded = state.micro % settings.accumulate === 0;
    if (stepEnded) checkpointEverySteps(ctx, state, sums);
    reportBatch(ctx, sums, epoch, epochStart);
    clock?.phase("progress, checkpoints");
    if (ctx.plannedSteps !== undefined && model.step >= ctx.plannedSteps) break;
    if (stepEnded && (state.paused = pauseReason(ctx)) !== undefined) {
      // Paused inside the epoch: its sums go into the checkpoint and a resume finishes it. Paused after
      // its last batch, the epoch ends here as it would have anyway.
      if (sums.batch < batcher.batchesPerEpoch) state.pausedInside = progressOf(sums);
      break;
    }
  }
  return "done";
}

/** `checkpoint_every = N steps`: a resumable checkpoint inside the epoch and a step snapshot. */
function checkpointEverySteps(ctx: RunContext, state: RunState, sums: EpochSums): void {
  const { model, options, settings } = ctx;
  const every = settings.checkpointEvery;
  if (every?.unit !== "steps" || model.step % every.amount !== 0 || !options.outDir) return;
  saveLoopCheckpoint(ctx, state, undefined, undefined, progressOf(sums));
  saveSnapshot(model, options.outDir, checkpointMetadata(ctx), ctx.ema, "step");
  pruneSnapshots(options.outDir, "step", settings.keepLast ?? DEFAULT_KEEP_LAST);
}

function reportBatch(ctx: RunContext, sums: EpochSums, epoch: number, epochStart: number): void {
  const { model, options } = ctx;
  if (!options.onBatch) return;
  const seconds = (performance.now() - epochStart) / 1000;
  options.onBatch({
    epoch,
    epochs: ctx.epochs,
    batch: sums.batch,
    batches: ctx.batcher.batchesPerEpoch,
    step: model.step,
    firstStep: ctx.firstStep,
    lastStep: ctx.lastStep,
    loss: sums.lossSum / sums.seen,
    accuracy: model.definition.task === "classification" ? sums.correct / sums.seen : undefined,
    lr: sums.lastLr,
    samplesPerSecond: sums.seen / Math.max(seconds, 1e-9),
  });
}

/**
 * L-BFGS's epoch: one step, which evaluates the full-batch objective several times. The first evaluation is
 * at the step's starting point, which is what the epoch's train loss and accuracy report (as PyTorch's
 * LBFGS.step returns the loss of its first closure call). It always stops on a fault: its step is one line search.
 * `model` is the run's model (ctx.model) as the full-batch kind the loop found it to be.
 */
export function trainFullBatch(ctx: RunContext, model: FullBatchModel, sums: EpochSums, epoch: number): void {
  const { batcher, data } = ctx;
  const def = model.definition;
  let calls = 0;
  let firstCorrect = 0;
  const closure = (): number => {
    model.zeroGradients();
    let loss = 0;
    let correct = 0;
    batcher.startEpoch();
    for (let n = batcher.next(); n > 0; n = batcher.next()) {
      loss += model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, n / data.train.n) * (n / data.train.n);
      if (def.task === "classification") correct += countCorrect(n, def.outputSize, model.forwardOutput(), 0, batcher.labels, 0);
    }
    if (calls++ === 0) firstCorrect = correct;
    return loss;
  };
  const lr = sums.lastLr;
  const loss = model.lbfgsStep(closure);
  if (!Number.isFinite(loss) || !parametersFinite(model)) throw divergedError(model, `loss ${loss}`, model.step, epoch, lr);
  ctx.stepLog.fullBatchStep(loss, lr, model.scheduledValues?.(model.step - 1, model.epoch));
  sums.lossSum = loss * data.train.n;
  sums.correct = firstCorrect;
  sums.seen = data.train.n;
}
