/**
 * The loop's side of checkpoints: what it writes beside the model (runtime/train/resume.ts lays out the
 * files) and how it picks up from one, for `--resume` and for on_nan = restore_last alike.
 */
import { fittedToJson } from "../data/fitted.ts";
import type { FloatArray } from "../types.ts";
import { readCheckpoint, writeCheckpoint, type EpochProgress, type LoopExtras } from "./resume.ts";
import type { EpochMetrics } from "./run-api.ts";
import type { RunContext, RunState } from "./run-state.ts";

/** What reloading needs of the run (the run's context has it, and so does the run being set up). */
export type ReloadTarget = Pick<RunContext, "model" | "batcher" | "buffers" | "stepLog" | "best">;

/**
 * Writes checkpoint.safetensors and training-state.safetensors (with an output folder). `exportParams` and
 * `exportStats` replace the training weights in the model file (EMA, best); `partial` is set inside an epoch.
 */
export function saveLoopCheckpoint(
  ctx: RunContext,
  state: RunState,
  exportParams?: FloatArray,
  exportStats?: FloatArray,
  partial?: EpochProgress,
): void {
  const { model, options, stepLog } = ctx;
  if (!options.outDir) return;
  const pending = stepLog.pending();
  const extras: LoopExtras = {
    micro: state.micro,
    history: state.history,
    best: ctx.best?.state(),
    batchesTracked: [...model.batchesTracked],
    lrScale: model.lrScale ?? 1,
    nanRestores: ctx.guard.restores,
    ...(partial ? { partial } : {}),
    ...(pending[1] > 0 ? { stepPending: pending } : {}),
  };
  writeCheckpoint(
    model,
    options.outDir,
    { batcher: ctx.batcher.getState(), extras, metadata: checkpointMetadata(ctx), exportParams, exportStats, records: stepLog.tensors() },
    ctx.buffers,
  );
}

/** checkpoint.safetensors' metadata, also written into every snapshot. */
export function checkpointMetadata(ctx: RunContext): Record<string, string> {
  return { epoch: String(ctx.model.epoch), step: String(ctx.model.step), preprocessing: fittedToJson(ctx.data.preprocessing) };
}

/** Loads the checkpoint in `dir` into the model and the run's state; returns the loop's extras it held. */
export function reloadLoopCheckpoint(run: ReloadTarget, state: RunState, dir: string): LoopExtras {
  const { model, best } = run;
  const r = readCheckpoint(model, dir, run.buffers);
  if (r.batcher) run.batcher.setState(r.batcher);
  state.inEpoch = r.extras.partial;
  state.micro = r.extras.micro;
  state.history = r.extras.history as EpochMetrics[];
  run.stepLog.restore(r.tensors, r.extras.stepPending);
  if (best && r.extras.best) best.setState(r.extras.best);
  if (model.lrScale !== undefined) model.lrScale = r.extras.lrScale;
  return r.extras;
}
