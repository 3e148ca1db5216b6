/** Context → Plan, once the checks found no error: every value is bound, defaulted and converted. */
import type {
  AugmentPlan,
  DataPlan,
  DataSourcePlan,
  LossPlan,
  OptimizerPlan,
  Plan,
  PreprocessPlan,
  RegularizerPlan,
  SchedulesPlan,
  TrainingPlan,
  Duration,
} from "../ir.ts";
import type { BoundCall } from "../bind.ts";
import type { CheckContext } from "../context.ts";
import type { NameRef } from "../convert.ts";
import { setting } from "../settings.ts";
import { optimizerNamed } from "../definitions/optimizers/index.ts";
import { augmentationNamed } from "../definitions/augmentations/index.ts";
import { preprocessingNamed } from "../definitions/preprocessing/index.ts";
import { metricMode } from "./schedule.ts";
import { noiseTensors, regularizerTensors } from "./tensors.ts";
import { epochCycles } from "../checks/snapshot-ensemble.ts";

export function assemblePlan(ctx: CheckContext): Plan {
  const last = ctx.layers[ctx.layers.length - 1];
  const outputSize = last === undefined ? (ctx.inputSize as number) : last.plan.outputSize;
  const initFrom = setting<BoundCall>(ctx.model, "weight_init");
  return {
    source: ctx.options.source,
    inputShape: ctx.inputShape as number[],
    inputSize: ctx.inputSize as number,
    layers: ctx.layers.map((l) => l.plan),
    outputSize,
    loss: lossPlan(ctx.loss as BoundCall),
    initFrom: initFrom?.entry.name === "from" ? (initFrom.args.get("path")?.value as string) : undefined,
    optimizer: optimizerPlan(ctx.optimizer as BoundCall),
    schedules: schedulesPlan(ctx),
    data: dataPlan(ctx, outputSize),
    training: trainingPlan(ctx),
    parameterCount: ctx.layers.reduce((s, l) => s + l.parameters, 0),
    flopsPerSample: ctx.layers.reduce((s, l) => s + l.flops, 0),
  };
}

function args(b: BoundCall): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of b.args) r[k] = v.value;
  return r;
}

export function lossPlan(b: BoundCall): LossPlan {
  const a = args(b);
  if (b.entry.name === "cross_entropy") return { kind: "cross_entropy", labelSmoothing: a.label_smoothing as number };
  if (b.entry.name === "hinge") return { kind: "hinge", margin: a.margin as number };
  return { kind: "mse" };
}

export function optimizerPlan(b: BoundCall): OptimizerPlan {
  const definition = optimizerNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not an optimizer`);
  return definition.plan(b.args, b.call.span);
}

function schedulesPlan(ctx: CheckContext): SchedulesPlan {
  const r: Record<string, unknown> = {};
  for (const s of ctx.schedules) if (s.plan !== undefined) r[s.key] = s.plan;
  return r as SchedulesPlan;
}

function sourcePlan(b: BoundCall): DataSourcePlan | { kind: "split"; fraction: number } {
  const a = args(b);
  const span = b.call.span;
  // `classes` is only present when given, so specs without it produce the same plan (and code) as before.
  // A class count (`classes = 10`) only states the model's outputs, which the checks compare; a list selects classes.
  const classes = Array.isArray(a.classes) ? { classes: a.classes as number[] } : {};
  // Likewise `subset`: the checker has made sure at most one of limit and fraction is given.
  const subset =
    a.limit !== undefined
      ? { subset: { limit: a.limit as number } }
      : a.fraction !== undefined
        ? { subset: { fraction: a.fraction as number } }
        : {};
  if (b.entry.name === "idx") return { kind: "idx", images: a.images as string, labels: a.labels as string, ...classes, ...subset, span };
  if (b.entry.name === "split") return { kind: "split", fraction: a.fraction as number };
  return {
    kind: "csv",
    path: a.path as string,
    header: a.header as boolean,
    label: a.label as number | undefined,
    targets: a.targets as number[] | undefined,
    ...classes,
    ...subset,
    span,
  };
}

function preprocessPlan(b: BoundCall): PreprocessPlan {
  const definition = preprocessingNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not a preprocessing step`);
  return definition.plan(b.args);
}

function augmentPlan(b: BoundCall): AugmentPlan {
  const definition = augmentationNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not an augmentation`);
  return definition.plan(b.args);
}

function dataPlan(ctx: CheckContext, outputSize: number): DataPlan | undefined {
  const train = setting<BoundCall>(ctx.data, "train");
  if (ctx.data === undefined || train === undefined) return undefined;
  const validation = setting<BoundCall>(ctx.data, "validation");
  const test = setting<BoundCall>(ctx.data, "test");
  const regression = train.entry.name === "csv" && train.args.get("targets")?.value !== undefined;
  return {
    train: sourcePlan(train) as DataSourcePlan,
    validation: validation === undefined ? undefined : sourcePlan(validation),
    test: test === undefined ? undefined : (sourcePlan(test) as DataSourcePlan),
    preprocess: (setting<BoundCall[]>(ctx.data, "preprocess") ?? []).map(preprocessPlan),
    augment: (setting<BoundCall[]>(ctx.data, "augment") ?? []).map(augmentPlan),
    classes:
      setting<number>(ctx.data, "classes") ??
      (typeof train.args.get("classes")?.value === "number" ? (train.args.get("classes")?.value as number) : outputSize),
    task: regression ? "regression" : "classification",
  };
}

function metricName(b: BoundCall): string {
  return b.entry.name === "top_k" ? `top_${b.args.get("k")?.value as number}` : b.entry.name;
}

function trainingPlan(ctx: CheckContext): TrainingPlan {
  const t = ctx.train;
  const es = t?.blocks.get("early_stopping");
  const ema = t?.blocks.get("ema");
  const metrics = setting<BoundCall[]>(t, "metrics");
  const regs = setting<BoundCall[]>(t, "regularize") ?? [];
  const regularizers: RegularizerPlan[] = regs.map((r) => ({
    kind: r.entry.name as "l1" | "l2",
    lambda: r.args.get("lambda")?.value as number,
    tensors: regularizerTensors(r, ctx.layers),
  }));
  const esMetric = es === undefined ? undefined : (setting<NameRef>(es, "metric") as NameRef).path.join(".");
  return {
    epochs: setting<number>(t, "epochs"),
    steps: setting<number>(t, "steps"),
    batchSize: setting<number>(t, "batch_size") as number,
    shuffle: setting<boolean>(t, "shuffle") as boolean,
    seed: setting<number>(t, "seed") as number,
    precision: setting<"f32" | "f64">(t, "precision") as "f32",
    accumulate: setting<number>(t, "accumulate") as number,
    evaluateEvery: setting<Duration>(t, "evaluate_every") as Duration,
    checkpointEvery: setting<Duration>(t, "checkpoint_every"),
    keepLast: setting<number>(t, "keep_last") as number,
    earlyStopping:
      es === undefined || esMetric === undefined
        ? undefined
        : {
            metric: esMetric,
            mode: metricMode(esMetric),
            patience: setting<number>(es, "patience") as number,
            minDelta: setting<number>(es, "min_delta") as number,
            restoreBest: setting<boolean>(es, "restore_best") as boolean,
          },
    ema: ema === undefined ? undefined : { decay: setting<number>(ema, "decay") as number },
    metrics: metrics === undefined ? ["loss", "accuracy"] : metrics.map(metricName),
    regularizers,
    maxNorm: setting<number>(t, "max_norm"),
    clipGradNorm: setting<number>(t, "clip_grad_norm"),
    clipGradValue: setting<number>(t, "clip_grad_value"),
    onNan: (setting<string>(t, "on_nan") ?? "stop") as TrainingPlan["onNan"],
    snapshotEnsemble: snapshotEnsemblePlan(ctx),
    ...noisePlan(ctx),
  };
}

/** weightNoise and gradientNoise, present only when given (so specs without noise plan and generate as before). */
function noisePlan(ctx: CheckContext): Pick<TrainingPlan, "weightNoise" | "gradientNoise"> {
  const out: { weightNoise?: TrainingPlan["weightNoise"]; gradientNoise?: TrainingPlan["gradientNoise"] } = {};
  for (const n of setting<BoundCall[]>(ctx.train, "noise") ?? []) {
    const a = args(n);
    if (n.entry.name === "weight_noise") out.weightNoise = { std: a.std as number, tensors: noiseTensors(a.on as "weights", ctx.layers) };
    else out.gradientNoise = { eta: a.eta as number, gamma: a.gamma as number };
  }
  return out;
}

/** The lr cycles a snapshot ensemble follows (checks/snapshot-ensemble.ts reports a missing or step-counted schedule). */
function snapshotEnsemblePlan(ctx: CheckContext): TrainingPlan["snapshotEnsemble"] {
  if (setting<boolean>(ctx.train, "snapshot_ensemble") !== true) return undefined;
  const lr = ctx.schedules.find((s) => s.key === "lr");
  return lr?.plan?.kind === "cosine_restarts" && lr.items.length === 1 ? epochCycles(lr.items[0]) : undefined;
}
