/**
 * One mini-batch of training: gradients (accumulated over `accumulate` micro-batches), then, at the end of
 * an accumulation group, the optimizer step, the finite check of the parameters and the EMA update.
 */
import { requireFirstOrder } from "../contract.ts";
import { countCorrect } from "../kernels/losses.ts";
import { emaUpdate } from "../memory.ts";
import type { StepProfile } from "./profile.ts";
import { parametersFinite } from "./divergence.ts";
import { batchFault, onBatchFault } from "./fault-recovery.ts";
import { learningRate, type EpochSums, type RunContext, type RunState } from "./run-state.ts";
import { updateWeightRatios } from "./update-ratio.ts";

/** With a profiled module (`nnc train --profile`): adds each phase of the step's time to model.profile. */
export class PhaseClock {
  private mark = performance.now();

  constructor(readonly profile: StepProfile) {}

  /** The time since the last phase ended, less `shift` milliseconds already counted elsewhere, goes to `name`. */
  phase(name: string, shift = 0): void {
    this.mark = this.profile.phase(name, this.mark + shift);
  }
}

/** "trained", "skipped" (on_nan = skip_batch dropped it) or "restore" (the run goes back to its last checkpoint). */
export type BatchOutcome = "trained" | "skipped" | "restore";

/** Trains on the `n` rows in the batcher; adds them to the epoch's sums. */
export function trainBatch(
  ctx: RunContext,
  state: RunState,
  sums: EpochSums,
  n: number,
  epoch: number,
  clock: PhaseClock | undefined,
): BatchOutcome {
  const { model, batcher, parallel, settings } = ctx;
  if (state.micro % settings.accumulate === 0) model.zeroGradients();
  const lr = learningRate(model);
  sums.lastLr = lr;
  model.augmentBatch?.(batcher.x, batcher.labels, n);
  clock?.phase("zero gradients, augment");
  const timedInside = clock ? clock.profile.measuredMs() : 0;
  // weight_noise: this batch's forward and backward run at perturbed weights (data-parallel replicas read
  // the same shared params); the update then applies to the restored, noise-free ones.
  model.perturbWeights?.();
  const reduceByRange = parallel !== undefined && reducesByRange(ctx);
  const loss = parallel
    ? parallel.lossAndGradient(n, 1 / settings.accumulate, !reduceByRange)
    : model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, 1 / settings.accumulate);
  model.restoreWeights?.();
  // The layers and the loss were timed inside the model; what is left is the call's own overhead.
  if (clock)
    clock.phase(
      parallel ? (reduceByRange ? "data-parallel workers" : "data-parallel workers, reduction") : "between layers",
      clock.profile.measuredMs() - timedInside,
    );
  const fault = batchFault(ctx, loss);
  if (fault !== undefined) {
    // The error names the first non-finite tensor, gradients included: all of them.
    parallel?.reduce();
    return onBatchFault(ctx, state, sums, fault, loss, epoch, lr);
  }
  ctx.guard.ok();
  sums.lossSum += loss * n;
  sums.seen += n;
  ctx.stepLog.addBatch(loss, n);
  if (model.definition.task === "classification")
    sums.correct += parallel ? parallel.correct : countCorrect(n, model.definition.outputSize, model.forwardOutput(), 0, batcher.labels, 0);
  state.micro += 1;
  if (state.micro % settings.accumulate !== 0) return "trained";
  return optimizerStep(ctx, sums, epoch, lr, clock) ? "trained" : "restore";
}

/** The update at the end of an accumulation group; false when it made a parameter non-finite and the policy survives that. */
function optimizerStep(ctx: RunContext, sums: EpochSums, epoch: number, lr: number, clock: PhaseClock | undefined): boolean {
  const { model, ema } = ctx;
  if (!sums.ratios) ctx.ratioBefore.set(model.params);
  clock?.phase("metrics");
  requireFirstOrder(model, "a mini-batch training step");
  const parallel = ctx.parallel?.splitsUpdate ? ctx.parallel : undefined;
  // Data-parallel: every thread updates its range of the params and checks it (runtime/parallel/update-range.ts).
  let finite: boolean | undefined;
  if (parallel) finite = parallel.update();
  else model.update();
  ctx.stepLog.endStep(lr, model.scheduledValues?.(model.step - 1, model.epoch));
  clock?.phase(parallel ? "optimizer update by range, finite check" : "optimizer update");
  sums.ratios ??= updateWeightRatios(model, ctx.ratioBefore);
  if (!(finite ?? parametersFinite(model))) {
    ctx.guard.onFault(model, "a parameter became NaN or Inf", "parameters", model.step, epoch, lr, ctx.options.outDir !== undefined);
    return false;
  }
  clock?.phase("finite check");
  // Warm-up of the average (as TensorFlow's ExponentialMovingAverage with num_updates): early on the
  // decay is (1 + t)/(10 + t), so the average is not dominated by the random initial weights. A model has
  // emaDecayAt when its spec keeps an EMA; without it the spec's fixed decay is what a schedule would give.
  if (ema) {
    const decay = model.emaDecayAt?.(model.step - 1, model.epoch) ?? model.definition.training.ema?.decay ?? 0;
    emaUpdate(ema, model.params, ema.length, Math.min(decay, (1 + model.step) / (10 + model.step)));
  }
  if (clock) {
    if (ema) clock.phase("EMA");
    clock.profile.endStep();
  }
  return true;
}

/**
 * Whether the replicas' gradients may wait for the update, which adds them range by range on every thread:
 * when nothing reads the batch's whole gradient before it. Under a policy other than "stop" the fault test
 * reads it, nextUpdateStep does with clip_grad_norm or gradient noise, and a checkpoint taken within an
 * accumulation group saves it.
 */
function reducesByRange(ctx: RunContext): boolean {
  const t = ctx.model.definition.training;
  return (
    ctx.parallel?.splitsUpdate === true && ctx.settings.accumulate === 1 && ctx.guard.policy === "stop" && t.stepReadsGradients !== true
  );
}
