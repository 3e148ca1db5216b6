/**
 * The training plan: what a checked `.nn` file means, with every name resolved, every default filled in,
 * every expression evaluated and every shape inferred. The checker produces it; the code generator
 * consumes it and never looks at the syntax tree again. Spans are kept so late phases can still
 * point at the source.
 */
import type { Span } from "../grammar/span.ts";
import type { AugmentPlan, Precision, PreprocessPlan } from "../runtime/contract.ts";
import type { OptimizerPlan } from "./definitions/optimizers/index.ts";

// The plan records the runtime reads are defined in the runtime's contract, so the runtime never imports the compiler.
export type { AugmentPlan, Precision, PreprocessPlan };

/**
 * What a duration or a schedule's counter counts: optimizer steps or whole epochs. (Not to be confused
 * with the code generator's fused kernel steps, compiler/codegen/units.ts.)
 */
export type TimeUnit = "steps" | "epochs";

/** A duration whose unit the spec made explicit. */
export interface Duration {
  readonly amount: number;
  readonly unit: TimeUnit;
}

export type InitPlan =
  | { readonly kind: "zeros" }
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "xavier_normal"; readonly gain: number }
  | { readonly kind: "xavier_uniform"; readonly gain: number }
  /** Kaiming. `gain` is already computed from nonlinearity and `a` (PyTorch's calculate_gain). */
  | { readonly kind: "he_normal"; readonly mode: "fan_in" | "fan_out"; readonly gain: number }
  | { readonly kind: "he_uniform"; readonly mode: "fan_in" | "fan_out"; readonly gain: number }
  | { readonly kind: "orthogonal"; readonly gain: number }
  /** nn.Linear's default: weight kaiming_uniform(a=√5) = U(±1/√fan_in); bias U(±1/√fan_in). */
  | { readonly kind: "pytorch_default" }
  /** Load the tensor named `tensor` from a safetensors file (path absolute after resolution). */
  | { readonly kind: "from"; readonly path: string; readonly tensor: string };

export type ActivationFn =
  | { readonly fn: "relu" }
  | { readonly fn: "leaky_relu"; readonly slope: number }
  | { readonly fn: "elu"; readonly alpha: number }
  | { readonly fn: "gelu" }
  | { readonly fn: "sigmoid" }
  | { readonly fn: "tanh" }
  | { readonly fn: "softmax" };

interface LayerBase {
  /** PyTorch-style name: `fc1`, or `<kind><n>` for an anonymous parametric layer. */
  readonly name: string;
  /** Flat feature count entering and leaving the layer (per sample). */
  readonly inputSize: number;
  readonly outputSize: number;
  /** Per-sample output shape: [features] or [channels, height, width] (NCHW, as PyTorch). */
  readonly outputShape: readonly number[];
  readonly span: Span;
}

/** A [channels, height, width] feature map. */
export interface MapShape {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

export interface DenseLayer extends LayerBase {
  readonly kind: "dense";
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
  readonly lrMult: number;
  readonly wdMult: number;
  readonly frozen: boolean;
}

export interface BatchNormLayer extends LayerBase {
  readonly kind: "batchnorm";
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  readonly lrMult: number;
  readonly wdMult: number;
  readonly frozen: boolean;
  /** Init of the affine parameters and buffers when loaded from a file; otherwise weight 1, bias 0. */
  readonly from: string | undefined;
  /** Normalised features (channels for a [C, H, W] input, then BatchNorm2d) and positions per feature (H·W, or 1). */
  readonly features: number;
  readonly spatial: number;
}

export interface Conv2dLayer extends LayerBase {
  readonly kind: "conv2d";
  readonly in: MapShape;
  readonly out: MapShape;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly groups: number;
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
  readonly lrMult: number;
  readonly wdMult: number;
  readonly frozen: boolean;
}

export interface PoolLayer extends LayerBase {
  readonly kind: "pool";
  readonly op: "max" | "avg";
  readonly in: MapShape;
  readonly out: MapShape;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
}

export interface GlobalAvgPoolLayer extends LayerBase {
  readonly kind: "global_avgpool";
  readonly channels: number;
  readonly spatial: number;
}

export interface FlattenLayer extends LayerBase {
  readonly kind: "flatten";
}

export interface Dropout2dLayer extends LayerBase {
  readonly kind: "dropout2d";
  readonly p: number;
  readonly channels: number;
  readonly spatial: number;
}

export interface ActivationLayer extends LayerBase {
  readonly kind: "activation";
  readonly activation: ActivationFn;
}

export interface DropoutLayer extends LayerBase {
  readonly kind: "dropout";
  readonly p: number;
}

export interface MaxoutLayer extends LayerBase {
  readonly kind: "maxout";
  readonly k: number;
}

export type LayerPlan =
  | DenseLayer
  | BatchNormLayer
  | ActivationLayer
  | DropoutLayer
  | MaxoutLayer
  | Conv2dLayer
  | PoolLayer
  | GlobalAvgPoolLayer
  | FlattenLayer
  | Dropout2dLayer;

export type LossPlan =
  | { readonly kind: "cross_entropy"; readonly labelSmoothing: number }
  | { readonly kind: "hinge"; readonly margin: number }
  | { readonly kind: "mse" };

/** An optimizer with its typed hyperparameters, tagged by registry name (compiler/definitions/optimizers/). */
export type { OptimizerPlan };

/**
 * A count of a step-counted schedule's counter: a number of optimizer steps, or — for a duration given in
 * epochs when the steps per epoch were not known at compile time — `steps` plus `epochs` whole epochs,
 * resolved when the data is loaded (runtime/schedules/steps-per-epoch.ts).
 */
export type Count = number | { readonly steps: number; readonly epochs: number };

/**
 * A schedule as a pure function of a counter. `unit` says whether the counter is the optimizer step or the
 * epoch; every duration inside has been converted to that unit. `base`, when present, is the value the
 * schedule starts from instead of the hyperparameter's own (`base = 1` makes factors absolute values).
 */
export type SchedulePlan =
  | { readonly kind: "constant"; readonly factor: number; readonly unit: TimeUnit; readonly base?: number }
  | { readonly kind: "step"; readonly size: Count; readonly gamma: number; readonly unit: TimeUnit; readonly base?: number }
  | {
      readonly kind: "multistep";
      readonly milestones: readonly Count[];
      readonly gamma: number;
      readonly unit: TimeUnit;
      readonly base?: number;
    }
  | { readonly kind: "exponential"; readonly gamma: number; readonly unit: TimeUnit; readonly base?: number }
  | { readonly kind: "inverse_time"; readonly decay: number; readonly unit: TimeUnit; readonly base?: number }
  | { readonly kind: "cosine"; readonly T: Count; readonly min: number; readonly unit: TimeUnit; readonly base?: number }
  | {
      readonly kind: "cosine_restarts";
      readonly T0: Count;
      readonly Tmult: number;
      readonly min: number;
      readonly unit: TimeUnit;
      readonly base?: number;
    }
  | {
      readonly kind: "linear";
      readonly from: number;
      readonly to: number;
      readonly steps: Count;
      readonly unit: TimeUnit;
      readonly base?: number;
    }
  | { readonly kind: "inverse_sqrt"; readonly warmup: Count; readonly unit: TimeUnit; readonly base?: number }
  | { readonly kind: "polynomial"; readonly steps: Count; readonly power: number; readonly unit: TimeUnit; readonly base?: number }
  | {
      readonly kind: "one_cycle";
      readonly max: number;
      readonly total: Count;
      readonly pct: number;
      readonly anneal: "cos" | "linear";
      readonly div: number;
      readonly finalDiv: number;
      readonly threePhase: boolean;
      readonly cycleMomentum: boolean;
      readonly baseMomentum: number;
      readonly maxMomentum: number;
      readonly unit: "steps";
    }
  | {
      readonly kind: "reduce_on_plateau";
      readonly metric: string;
      readonly mode: "min" | "max";
      readonly factor: number;
      readonly patience: number;
      readonly threshold: number;
      readonly cooldown: number;
      readonly min: number;
      readonly unit: "epochs";
    }
  /** SequentialLR: `items[i]` runs from milestones[i-1] (0 for i = 0) with its own counter restarted. */
  | { readonly kind: "sequence"; readonly items: readonly SchedulePlan[]; readonly milestones: readonly Count[]; readonly unit: TimeUnit };

export interface SchedulesPlan {
  readonly lr?: SchedulePlan;
  readonly momentum?: SchedulePlan;
  readonly beta1?: SchedulePlan;
  readonly weight_decay?: SchedulePlan;
  readonly dropout?: SchedulePlan;
  readonly ema?: SchedulePlan;
  /** Factor of weight_noise's std. */
  readonly weight_noise?: SchedulePlan;
  /** Factor of gradient_noise's η. */
  readonly gradient_noise?: SchedulePlan;
}

export interface RegularizerPlan {
  readonly kind: "l2" | "l1";
  readonly lambda: number;
  /** Parameter tensor names the term applies to (`fc1.weight`, ...), resolved from `on` and `layers`. */
  readonly tensors: readonly string[];
}

/** `limit = N` / `fraction = f` on a source: a seeded subset of its rows, stratified by class (runtime/data/subset.ts). */
export type SubsetPlan = { readonly limit: number } | { readonly fraction: number };

export type DataSourcePlan =
  | {
      readonly kind: "idx";
      readonly images: string;
      readonly labels: string;
      readonly classes?: readonly number[];
      readonly subset?: SubsetPlan;
      readonly span: Span;
    }
  | {
      readonly kind: "csv";
      readonly path: string;
      readonly header: boolean;
      /** Exactly one of label / targets is set. Column indices are 0-based. */
      readonly label: number | undefined;
      readonly targets: readonly number[] | undefined;
      /** Keep only these labels, renumbered 0..k−1 in this order (`classes = [5, 6, 7]`). */
      readonly classes?: readonly number[];
      readonly subset?: SubsetPlan;
      readonly span: Span;
    };

export interface DataPlan {
  readonly train: DataSourcePlan;
  readonly validation: DataSourcePlan | { readonly kind: "split"; readonly fraction: number } | undefined;
  readonly test: DataSourcePlan | undefined;
  readonly preprocess: readonly PreprocessPlan[];
  /** Applied to each training batch, in order, after preprocessing. */
  readonly augment: readonly AugmentPlan[];
  /** Number of classes (classification) or targets (regression). Equals the model's output size. */
  readonly classes: number;
  readonly task: "classification" | "regression";
}

export interface TrainingPlan {
  readonly epochs: number | undefined;
  readonly steps: number | undefined;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly precision: Precision;
  readonly accumulate: number;
  readonly evaluateEvery: Duration;
  readonly checkpointEvery: Duration | undefined;
  /** Periodic snapshots kept in snapshots/. */
  readonly keepLast: number;
  readonly earlyStopping:
    | {
        readonly metric: string;
        readonly mode: "min" | "max";
        readonly patience: number;
        readonly minDelta: number;
        readonly restoreBest: boolean;
      }
    | undefined;
  readonly ema: { readonly decay: number } | undefined;
  /** e.g. ["loss", "accuracy", "top_5"] */
  readonly metrics: readonly string[];
  readonly regularizers: readonly RegularizerPlan[];
  readonly maxNorm: number | undefined;
  readonly clipGradNorm: number | undefined;
  readonly clipGradValue: number | undefined;
  /** What the loop does on a NaN/Inf loss, gradient or parameter (runtime/train/nan-policy.ts). */
  readonly onNan: "stop" | "skip_batch" | "restore_last";
  /** `noise = [weight_noise(std)]`: the parameter tensors perturbed for each training batch's forward and backward pass. */
  readonly weightNoise?: { readonly std: number; readonly tensors: readonly string[] };
  /** `noise = [gradient_noise(eta, gamma)]`: gradient noise of variance η/(1 + k)^γ at optimizer step k. */
  readonly gradientNoise?: { readonly eta: number; readonly gamma: number };
  /** `snapshot_ensemble = true`: the lr's cosine_restarts cycles in epochs (a snapshot ends each). */
  readonly snapshotEnsemble?: { readonly T0: number; readonly Tmult: number };
}

export interface Plan {
  /** The spec's path as given to the compiler (for the generated header and messages). */
  readonly source: string;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  readonly layers: readonly LayerPlan[];
  readonly outputSize: number;
  readonly loss: LossPlan;
  /** Model-wide init from a checkpoint (`weight_init = from("x.safetensors")` at model level), absolute path. */
  readonly initFrom: string | undefined;
  readonly optimizer: OptimizerPlan;
  readonly schedules: SchedulesPlan;
  readonly data: DataPlan | undefined;
  readonly training: TrainingPlan;
  /** Per layer, for `nnc check`'s table. */
  readonly parameterCount: number;
  readonly flopsPerSample: number;
}
