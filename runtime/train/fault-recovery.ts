/**
 * The loop's half of the on_nan policy (runtime/train/nan-policy.ts decides; this carries the decision out):
 * finding a batch's fault, dropping a skipped batch, and going back to the last checkpoint at a lower rate.
 */
import { gradientsFinite } from "./nan-policy.ts";
import { reloadLoopCheckpoint } from "./loop-checkpoint.ts";
import type { EpochSums, RunContext, RunState } from "./run-state.ts";

/** What is wrong with the batch just computed, or undefined when its loss (and, when a fault may be survived, its gradients) are finite. */
export function batchFault(ctx: RunContext, loss: number): string | undefined {
  if (!Number.isFinite(loss)) return `loss ${loss}`;
  // Under "stop" a bad gradient shows in the parameters after the step; the test is only worth it when a fault may be survived.
  if (ctx.guard.policy !== "stop" && !gradientsFinite(ctx.model.grads)) return "a gradient became NaN or Inf";
  return undefined;
}

/**
 * Applies the policy to a faulty batch: "skipped" when the batch was dropped, "restore" when the run must go
 * back to its last checkpoint. Throws the divergence error when the policy says stop.
 */
export function onBatchFault(
  ctx: RunContext,
  state: RunState,
  sums: EpochSums,
  fault: string,
  loss: number,
  epoch: number,
  lr: number,
): "skipped" | "restore" {
  const { model, settings, options } = ctx;
  const where = Number.isFinite(loss) ? "gradients" : "loss";
  const action = ctx.guard.onFault(model, fault, where, model.step + 1, epoch, lr, options.outDir !== undefined);
  if (action === "restore") return "restore";
  // The accumulation group restarts: its earlier micro-batches' gradients are dropped with this one.
  state.micro -= state.micro % settings.accumulate;
  model.zeroGradients();
  ctx.stepLog.dropPending();
  sums.skipped++;
  options.onNanRecovery?.({
    action,
    step: model.step + 1,
    epoch,
    lrScale: model.lrScale ?? 1,
    message: `skipped a batch at step ${model.step + 1}: ${fault}`,
  });
  return "skipped";
}

/** After a fault on_nan = restore_last survives: reload the last checkpoint at a lower rate; returns the epoch loop's index. */
export function restoreAfterFault(ctx: RunContext, state: RunState, epoch: number): number {
  const { model, options, guard } = ctx;
  const faultStep = model.step;
  reloadLoopCheckpoint(ctx, state, options.outDir!);
  const lrScale = 0.5 ** guard.restores;
  if (model.lrScale !== undefined) model.lrScale = lrScale;
  options.onNanRecovery?.({
    action: "restore",
    step: faultStep,
    epoch,
    lrScale,
    message: `restored the checkpoint of epoch ${model.epoch} after a NaN/Inf at step ${faultStep}; learning rate ×${lrScale}`,
  });
  return model.epoch - 1;
}
