/**
 * The contract between the compiler and the runtime: what a generated module exports and the training loop,
 * the CLI and the data-parallel workers call on it (CompiledModel and its ModelDefinition), the plan records
 * the runtime reads as the compiler wrote them (preprocessing and augmentation steps), and the arena layout
 * the code generator sizes allocations with. The compiler imports these; nothing here imports the compiler.
 */
import type { UpdateGroup, UpdateStep } from "./optimizers/update-step.ts";
import type { StepProfile } from "./train/profile.ts";
import type { FloatArray, Precision } from "./types.ts";

export type { FloatArray, Precision };

/** Every Arena allocation starts on this many bytes (one v128 lane group); the code generator rounds sizes with it. */
export const ARENA_ALIGN = 16;
/** The bytes at the start of every arena memory that hold its allocation top (runtime/arena.ts). */
export const ARENA_HEADER_BYTES = ARENA_ALIGN;

/** `bytes` rounded up to the arena's alignment. */
export function alignToArena(bytes: number): number {
  return Math.ceil(bytes / ARENA_ALIGN) * ARENA_ALIGN;
}

/** A preprocessing step, fitted on the training set and applied to every set (runtime/data/preprocess.ts). */
export type PreprocessPlan =
  | { readonly kind: "scale"; readonly factor: number }
  | { readonly kind: "mean_subtract"; readonly over: "global" | "per_feature" | "per_channel" }
  | { readonly kind: "standardize"; readonly over: "global" | "per_feature" | "per_channel"; readonly eps: number }
  | { readonly kind: "pca_whiten"; readonly components: number | undefined; readonly eps: number };

/** A random transformation of each training batch, in the order the spec lists them (runtime/data/augment.ts). */
export type AugmentPlan =
  | { readonly kind: "random_crop"; readonly padding: number }
  | { readonly kind: "translate"; readonly fraction: number }
  | { readonly kind: "hflip"; readonly p: number }
  | { readonly kind: "vflip"; readonly p: number }
  | { readonly kind: "gaussian_noise"; readonly std: number }
  | { readonly kind: "cutout"; readonly size: number; readonly p: number }
  | { readonly kind: "mixup"; readonly alpha: number; readonly p: number }
  | { readonly kind: "cutmix"; readonly alpha: number; readonly p: number };

/**
 * A test-time view (a data block's `tta`): evaluation and prediction average the network's outputs over the
 * images as given and each view (runtime/data/views.ts).
 */
export type ViewPlan = { readonly kind: "hflip" } | { readonly kind: "vflip" };

/**
 * Where a data-parallel replica lives: the primary model's memory, its params, stats and optimizer state
 * buffers (byte offsets; the state in optimizerState() order), and the block reserved for the replica's
 * own buffers.
 */
export interface ReplicaPlacement {
  readonly memory: WebAssembly.Memory;
  readonly params: number;
  readonly stats: number;
  readonly optimizerState: readonly number[];
  readonly at: number;
}

/** One tensor of a compiled model: PyTorch state_dict name and shape, and its place in a flat buffer. */
export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly buffer: "params" | "stats";
  readonly offset: number;
  readonly size: number;
}

/** What a duration or a schedule's counter counts: optimizer steps or whole epochs. */
export type TimeUnit = "steps" | "epochs";

export interface DurationSetting {
  readonly amount: number;
  readonly unit: TimeUnit;
}

export interface TrainingSettings {
  readonly epochs?: number;
  readonly steps?: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly accumulate: number;
  readonly evaluateEvery: DurationSetting;
  readonly checkpointEvery?: DurationSetting;
  /** Periodic snapshots kept in snapshots/ (runtime/train/snapshot.ts; default DEFAULT_KEEP_LAST). */
  readonly keepLast?: number;
  readonly earlyStopping?: {
    readonly metric: string;
    readonly mode: "min" | "max";
    readonly patience: number;
    readonly minDelta: number;
    readonly restoreBest: boolean;
  };
  readonly ema?: { readonly decay: number };
  readonly metrics: readonly string[];
  readonly fullBatch: boolean;
  /** NaN/Inf policy; absent means "stop". */
  readonly onNan?: "stop" | "skip_batch" | "restore_last";
  /** Snapshot ensemble over cosine-restart cycles of T0, T0·Tmult, … epochs (runtime/train/snapshot-ensemble.ts). */
  readonly snapshotEnsemble?: { readonly T0: number; readonly Tmult: number };
  /** Why a training batch cannot be split across data-parallel workers (batch statistics, RNG draws); absent when it can. */
  readonly unshardable?: string;
  /**
   * True when the model's nextUpdateStep() reads the gradients (clip_grad_norm's total norm, gradient noise):
   * data-parallel training then adds the replicas' gradients into the model's before it, not range by range.
   */
  readonly stepReadsGradients?: true;
}

export interface ModelDefinition {
  readonly source: string;
  readonly precision: Precision;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly maxBatch: number;
  readonly task: "classification" | "regression";
  readonly classes: number;
  readonly loss: "cross_entropy" | "hinge" | "mse";
  readonly tensors: readonly TensorInfo[];
  readonly batchNorms: readonly string[];
  readonly training: TrainingSettings;
  /** Test-time views whose outputs evaluation and prediction average with the images' own; absent or empty: none. */
  readonly views?: readonly ViewPlan[];
}

export interface CompiledModel {
  readonly definition: ModelDefinition;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  readonly stats: FloatArray;
  readonly batchesTracked: number[];
  readonly rng: { int(n: number): number; getState(): number[]; setState(s: readonly number[]): void };
  step: number;
  epoch: number;
  /**
   * Optimizer steps per epoch, which the training loop sets once the data is loaded; generated models
   * whose schedules are given partly in epochs but counted in steps read it (runtime/schedules/steps-per-epoch.ts).
   */
  stepsPerEpoch?: number;
  forward(x: FloatArray, n: number, training?: boolean): FloatArray;
  /** The output buffer of the last forward pass. */
  forwardOutput(): FloatArray;
  /** Each unit's output buffer after the last forward pass, with its layer label and nonlinearity (for `nnc doctor`). */
  activations?(): { label: string; activation: string | null; data: FloatArray; width: number }[];
  lossAndGradient(x: FloatArray, labels: Int32Array, targets: FloatArray, n: number, gradMul?: number): number;
  /** Present with weight_noise: perturbs the weights for one training batch's forward and backward pass (runtime/kernels/noise.ts). */
  perturbWeights?(): void;
  /** Present with weight_noise: restores the weights perturbWeights saved, before the update. */
  restoreWeights?(): void;
  /** Present when the spec augments: transforms a training batch in place before lossAndGradient. */
  augmentBatch?(x: FloatArray, labels: Int32Array, n: number): void;
  lossOf(out: FloatArray, labels: Int32Array, targets: FloatArray, n: number): number;
  penalty(): number;
  zeroGradients(): void;
  /**
   * Present with a first-order optimizer (every one but L-BFGS): one optimizer step from the accumulated
   * gradients, `updateRange(nextUpdateStep(), grads, 0, params.length)` then `applyConstraints()`.
   */
  update?(): void;
  /** With update(): counts the step and returns its values (schedules, gradient noise and clipping applied). */
  nextUpdateStep?(): UpdateStep;
  /** With update(): the step's update of params [from, to) from `grads`, elementwise, so ranges may run on different threads. */
  updateRange?(step: UpdateStep, grads: FloatArray, from: number, to: number): void;
  /** Present with a constraint (max_norm): applies it after each update. */
  applyConstraints?(): void;
  /** With update(): the ranges of params updated alike (their lr_mult, wd_mult and penalties). */
  readonly updateGroups?: readonly UpdateGroup[];
  /** Present with L-BFGS, which has no per-batch update: one step whose line search calls `closure` for the full-batch loss and gradient. */
  lbfgsStep?(closure: () => number): number;
  /** The learning-rate schedule: the rate of the step after `step` steps, in epoch `epoch`. The model owns it; nothing rebinds it. */
  lrAt(step: number, epoch: number): number;
  /**
   * Present when the spec sets on_nan = restore_last: update() multiplies the scheduled rate by it. The training
   * loop sets it (halved after each restore, restored from a checkpoint) and reports lrAt × lrScale.
   */
  lrScale?: number;
  /** Generated models with scheduled hyperparameters besides lr: their values at a step, by name (for the per-step record). */
  scheduledValues?(step: number, epoch: number): Record<string, number>;
  /** Present when the spec keeps an exponential moving average of the weights (`ema { }`): its decay at a step. */
  emaDecayAt?(step: number, epoch: number): number;
  /** Present when the optimizer keeps state buffers (absent for plain L-BFGS): them under PyTorch's names, for checkpoints. */
  optimizerState?(): { name: string; data: FloatArray }[];
  /** Present when the model carries number state across steps (NAdam's mu_product, reduce_on_plateau's rate): it by name, for checkpoints. */
  scalarState?(): Record<string, number>;
  setScalarState?(state: Record<string, number>): void;
  /** Present with reduce_on_plateau: the training loop reports each evaluation's metrics. */
  onEvaluation?(metrics: Record<string, number>): void;
  /** Generated models: how runtime/parallel builds replicas in worker threads (this module's URL, bytes one replica lays out). */
  readonly replication?: { readonly moduleUrl: string; readonly bytes: number };
  /** Generated models: a data-parallel replica sharing this model's params (see runtime/arena-region.ts). */
  replicate?(placement: ReplicaPlacement): CompiledModel;
  /** Present when the module was compiled with profiling on: time per layer and pass, and per loop phase. */
  readonly profile?: StepProfile;
}

/** A model whose optimizer steps once per (accumulated) mini-batch through update(). */
export type FirstOrderModel = CompiledModel & { update(): void };
/** A model whose optimizer (L-BFGS) takes one step over the full batch through lbfgsStep(). */
export type FullBatchModel = CompiledModel & { lbfgsStep(closure: () => number): number };

/** Whether the model's optimizer is L-BFGS, stepped with the full batch: it has lbfgsStep and no update. */
export function isFullBatch(model: CompiledModel): model is FullBatchModel {
  return model.lbfgsStep !== undefined;
}

/**
 * For the tools built on per-batch steps (the mini-batch loop, the learning-rate range test, the update/weight
 * ratio): throws, naming `tool`, when the model has no update(), i.e. its optimizer is L-BFGS.
 */
export function requireFirstOrder(model: CompiledModel, tool: string): asserts model is FirstOrderModel {
  if (model.update === undefined)
    throw new RangeError(
      `${tool} needs a first-order optimizer (sgd, adam, …) that updates per mini-batch; L-BFGS steps over the full batch and chooses its step by line search`,
    );
}
