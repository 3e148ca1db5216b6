/**
 * The training plan: what a checked `.nn` file means, with every name resolved, every default filled in,
 * every expression evaluated and every shape inferred. The checker produces it; the code generator
 * consumes it and never looks at the syntax tree again. Spans are kept so late phases can still
 * point at the source.
 */
import type { Span } from "../grammar/span.ts";
import type { AugmentPlan, Precision, PreprocessPlan, TimeUnit, ViewPlan } from "../runtime/contract.ts";
import type { OptimizerPlan } from "./definitions/optimizers/index.ts";

// The plan records the runtime reads are defined in the runtime's contract, so the runtime never imports the compiler.
// TimeUnit: what a duration or a schedule's counter counts, optimizer steps or whole epochs.
export type { AugmentPlan, Precision, PreprocessPlan, TimeUnit, ViewPlan };

/** A duration whose unit the spec made explicit. */
export interface Duration {
  readonly amount: number;
  readonly unit: TimeUnit;
}

// Layers, activations, initializers and losses are defined once each in compiler/definitions/, which own
// their plan types; the unions are derived from those lists.
export type { InitPlan } from "./definitions/initializers/index.ts";
export type { ActivationFn } from "./definitions/activations/index.ts";
export type { LossPlan } from "./definitions/losses/index.ts";
export type { LayerPlan } from "./definitions/layers/index.ts";
export type { MapShape } from "./definitions/layers/definition.ts";
export type { DenseLayer } from "./definitions/layers/dense.ts";
export type { BatchNormLayer } from "./definitions/layers/batchnorm.ts";
export type { Conv2dLayer } from "./definitions/layers/conv2d.ts";
export type { PoolLayer } from "./definitions/layers/pool.ts";
export type { GlobalAvgPoolLayer } from "./definitions/layers/global-avgpool.ts";
export type { FlattenLayer } from "./definitions/layers/flatten.ts";
export type { Dropout2dLayer } from "./definitions/layers/dropout2d.ts";
export type { ActivationLayer } from "./definitions/layers/activation.ts";
export type { DropoutLayer } from "./definitions/layers/dropout.ts";
export type { MaxoutLayer } from "./definitions/layers/maxout.ts";
import type { LayerPlan } from "./definitions/layers/index.ts";
import type { ModelScope } from "./plan/model-scope.ts";
import type { LossPlan } from "./definitions/losses/index.ts";

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
  /** Test-time views (`tta`): evaluation and prediction average the outputs over the images and these. */
  readonly views: readonly ViewPlan[];
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
  /** Every layer in topological order; each names the layers it reads (`inputs`), so this is the model's graph. */
  readonly layers: readonly LayerPlan[];
  /** The module tree (block instances, repetitions, branches, residuals) that names the layers by path. */
  readonly scopes: ModelScope;
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
