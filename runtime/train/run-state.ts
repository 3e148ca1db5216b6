/**
 * The two objects a training run is made of: RunContext, what the loop's pieces (step.ts, epoch.ts,
 * epoch-end.ts, fault-recovery.ts, finish.ts) read and never rebind, and RunState, the little the loop changes
 * as it goes, owned by runTraining and saved in every checkpoint (loop-checkpoint.ts).
 */
import type { CompiledModel, TrainingSettings } from "../contract.ts";
import type { Batcher } from "../data/batcher.ts";
import type { DataParallel } from "../parallel/data-parallel.ts";
import type { FloatArray } from "../types.ts";
import type { LoadedData } from "./data.ts";
import type { EarlyStopping } from "./early-stopping.ts";
import type { NanGuard } from "./nan-policy.ts";
import type { EpochProgress, LoopBuffers } from "./resume.ts";
import type { EpochMetrics, RunPause, TrainOptions } from "./run-api.ts";
import type { SnapshotEnsemble } from "./snapshot-ensemble.ts";
import type { StepLog } from "./step-log.ts";

export interface RunContext {
  readonly model: CompiledModel;
  readonly data: LoadedData;
  readonly options: TrainOptions;
  readonly settings: TrainingSettings;
  readonly batcher: Batcher;
  /** Data-parallel workers computing each batch's gradients with this thread, when there are any. */
  readonly parallel: DataParallel | undefined;
  /** The EMA average of the weights, when the spec sets `ema`. */
  readonly ema: FloatArray | undefined;
  /** Where the training weights wait while the EMA average is evaluated. */
  readonly scratch: FloatArray | undefined;
  readonly best: EarlyStopping | undefined;
  readonly buffers: LoopBuffers;
  readonly stepLog: StepLog;
  readonly guard: NanGuard;
  readonly snapshots: SnapshotEnsemble | undefined;
  /** The planned run's length: --epochs overrides the spec's epochs or steps (the `steps` option is only this call's budget). */
  readonly epochs: number | undefined;
  readonly plannedSteps: number | undefined;
  /** The step this call started from, and the step it ends at when nothing stops it early. */
  readonly firstStep: number;
  readonly lastStep: number;
  /** The `steps` option's end, when it is given. */
  readonly budgetEnd: number | undefined;
  /** The weights before the one step per epoch whose update/weight ratio is measured (the copy is the only extra work). */
  readonly ratioBefore: FloatArray;
}

export class RunState {
  /** Micro-batches trained so far; every `accumulate` of them make one optimizer step. */
  micro = 0;
  /** One entry per finished epoch (metrics.json's `epochs`). */
  history: EpochMetrics[] = [];
  stoppedEarly = false;
  /** Set when the reloaded checkpoint was taken inside an epoch: that epoch goes on from the same batch. */
  inEpoch: EpochProgress | undefined;
  /** Why the run pauses before its planned end, once it does. */
  paused: RunPause["reason"] | undefined;
  /** The sums of the epoch a pause interrupted (a resume finishes it), and its running metrics. */
  pausedInside: EpochProgress | undefined;
  partialEpoch: EpochMetrics | undefined;
}

/** The running sums of one epoch; a pause inside it saves them as EpochProgress. */
export interface EpochSums {
  lossSum: number;
  correct: number;
  seen: number;
  batch: number;
  /** The update/weight ratios of the epoch's first optimizer step, once measured. */
  ratios: Record<string, number> | undefined;
  skipped: number;
  /** The rate of the epoch's last step (the one a warm-up or decay has reached): what the epoch reports. */
  lastLr: number;
}

export function progressOf(s: EpochSums): EpochProgress {
  return { lossSum: s.lossSum, seen: s.seen, correct: s.correct, batch: s.batch, ...(s.ratios ? { ratios: s.ratios } : {}) };
}

/**
 * The rate of the model's next step as update() applies it: the model's own schedule, times the factor
 * on_nan = restore_last lowers after each restore (runtime/contract.ts, `lrScale`).
 */
export function learningRate(model: CompiledModel): number {
  const rate = model.lrAt(model.step, model.epoch);
  return model.lrScale === undefined ? rate : rate * model.lrScale;
}

/** Why the run should pause now, if it should. Asked only between optimizer steps, so a pause never splits an accumulation group. */
export function pauseReason(ctx: RunContext): RunPause["reason"] | undefined {
  if (ctx.budgetEnd !== undefined && ctx.model.step >= ctx.budgetEnd) return "steps";
  return ctx.options.shouldStop?.() === true ? "interrupt" : undefined;
}
