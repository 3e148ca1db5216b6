/**
 * What a caller of runTraining (runtime/train/loop.ts) gives and gets: its options and callbacks, the progress
 * reported per batch and per epoch (EpochMetrics is metrics.json's shape), and the run's result.
 */
import type { StepProfile } from "./profile.ts";
import type { LoadedData } from "./data.ts";
import type { EvaluationResult } from "./evaluate.ts";
import type { RunFolderBytes } from "./disk-usage.ts";
import type { SnapshotEnsembleResult } from "./snapshot-ensemble.ts";

export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number | undefined;
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
  /** The step this call will stop at when it runs to its end: the planned run's last step, or the --steps budget's (an estimate when accumulation groups straddle epochs). */
  readonly lastStep: number;
  /** The step this call started from (0, or where a resume picked up). */
  readonly firstStep: number;
  /** The epoch's running mean loss. */
  readonly loss: number;
  readonly accuracy: number | undefined;
  readonly lr: number;
  readonly samplesPerSecond: number;
}

/** One entry of metrics.json's `epochs` array (names are read by other tools: keep them). */
export interface EpochMetrics {
  epoch: number;
  /** Null for an epoch in which no batch was trained (on_nan = skip_batch skipped them all). */
  train_loss: number | null;
  train_accuracy: number | null;
  val_loss: number | null;
  val_accuracy: number | null;
  lr: number;
  seconds: number;
  samples_per_second: number;
  /** ‖Δw‖/‖w‖ per weight matrix, measured on the epoch's first optimizer step. */
  update_weight_ratio?: Record<string, number>;
  /** Optimizer steps taken by the end of the epoch (places the epoch on a per-step axis). */
  step?: number;
  /** Only in metrics.json of a run paused inside an epoch: the batches of it done so far. */
  partial_batches?: number;
  [extra: string]: number | null | Record<string, number> | undefined;
}

export interface TrainOptions {
  /** The planned run's length in epochs (overrides the spec's epochs or steps). */
  readonly epochs?: number;
  /**
   * At most this many optimizer steps in this call; the run pauses there (inside an epoch if need be)
   * with a checkpoint that `resumeFrom` continues toward the planned end.
   */
  readonly steps?: number;
  /** Asked after every optimizer step: true pauses the run as `steps` would (Ctrl-C in `nnc train`). */
  readonly shouldStop?: () => boolean;
  readonly seed?: number;
  readonly initFrom?: string;
  /** Folder for checkpoint.safetensors, training-state.safetensors and metrics.json. */
  readonly outDir?: string;
  readonly data?: LoadedData;
  readonly onBatch?: (p: BatchProgress) => void;
  readonly onEpoch?: (m: EpochMetrics) => void;
  /** Continue exactly where the run that wrote DIR/training-state.safetensors stopped. */
  readonly resumeFrom?: string;
  /** Called once before the first step with an estimate of the disk the output folder will take (with outDir). */
  readonly onStart?: (info: { readonly disk: RunFolderBytes }) => void;
  /** Called when on_nan skips a batch or restores the last checkpoint. */
  readonly onNanRecovery?: (e: { action: "skip" | "restore"; step: number; epoch: number; lrScale: number; message: string }) => void;
  /** Threads for data-parallel training (1 = single-threaded); default NNC_THREADS, else chosen (runtime/parallel/thread-count.ts). */
  readonly threads?: number;
  /**
   * For tests and benchmarks: false makes the training thread always wait for a worker it handed a shard,
   * instead of computing the shard itself when the worker has not begun it (runtime/parallel/data-parallel.ts).
   * The numbers are the same either way; only which thread computed each shard changes.
   */
  readonly takeBack?: boolean;
}

export interface TrainResult {
  readonly epochs: EpochMetrics[];
  readonly test: EvaluationResult | undefined;
  readonly stoppedEarly: boolean;
  readonly bestEpoch: number | undefined;
  readonly steps: number;
  readonly seconds: number;
  /** With `snapshot_ensemble`: the members (one per completed lr cycle) and their averaged accuracy. */
  readonly snapshotEnsemble?: SnapshotEnsembleResult;
  /**
   * Threads the gradients were computed on (data-parallel), the threads a large product or convolution
   * could use (helpers, when the batch was not split), and why (e.g. why a model could not be split).
   */
  readonly threads: {
    readonly count: number;
    readonly kernels: number;
    readonly reason: string;
    /** Batch shards computed by data-parallel workers (the rest ran on the training thread, standing in while a worker started). */
    readonly workerShards: number;
    /** Ranges of the optimizer update done by data-parallel workers (the rest on the training thread). */
    readonly workerRanges: number;
  };
  /** Set when the run paused before its planned end (the `steps` budget, or `shouldStop`); the checkpoint resumes it. */
  readonly paused?: RunPause;
  /** Per optimizer step (from the first step of the run, across resumes): loss, lr and every other scheduled hyperparameter (runtime/train/step-log.ts). */
  readonly perStep: { readonly loss: readonly number[]; readonly lr: readonly number[]; readonly [scheduled: string]: readonly number[] };
  /** A paused epoch's running metrics (its batches so far), for metrics.json. */
  readonly partialEpoch?: EpochMetrics;
  /** With a profiled module (`nnc train --profile`): where the steps' time went. */
  readonly profile?: StepProfile;
  /**
   * Batches on_nan = skip_batch dropped over the run (from the epochs' `skipped_batches`) and the batches
   * tried in all (dropped + trained), so a caller can tell a run that mostly skipped from a trained one.
   */
  readonly skipped: { readonly batches: number; readonly of: number };
}

export interface RunPause {
  readonly reason: "steps" | "interrupt";
  /** The epoch in progress (1-based) when paused inside one, else the last finished epoch. */
  readonly epoch: number;
  /** Batches of that epoch done (0 when paused at an epoch's end). */
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
}
