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
  ViewPlan,
} from "../ir.ts";
import type { BoundCall } from "../bind.ts";
import type { CheckContext } from "../context.ts";
import { optimizerNamed } from "../definitions/optimizers/index.ts";
import { augmentationNamed } from "../definitions/augmentations/index.ts";
import { viewNamed } from "../definitions/views/index.ts";
import { preprocessingNamed } from "../definitions/preprocessing/index.ts";
import { sourceNamed } from "../definitions/sources/index.ts";
import { gradient_noise } from "../definitions/noise/gradient-noise.ts";
import { weight_noise } from "../definitions/noise/weight-noise.ts";
import { metricMode } from "./schedule.ts";
import { noiseTensors, regularizerTensors } from "./tensors.ts";
import { epochCycles } from "../checks/snapshot-ensemble.ts";

export function assemblePlan(ctx: CheckContext): Plan {
  // The checks passed, so the model has an input, a loss and an optimizer.
  const { inputShape, inputSize, loss, optimizer } = ctx;
  if (inputShape === undefined || inputSize === undefined || loss === undefined || optimizer === undefined)
    throw new Error("internal: assemblePlan needs a checked model with an input, a loss and an optimizer");
  const last = ctx.layers[ctx.layers.length - 1];
  const outputSize = last === undefined ? inputSize : last.plan.outputSize;
  const initFrom = ctx.model?.settings.optional.call("weight_init");
  return {
    source: ctx.options.source,
    inputShape,
    inputSize,
    layers: ctx.layers.map((l) => l.plan),
    scopes: ctx.scopes,
    outputSize,
    loss: lossPlan(loss),
    initFrom: initFrom?.entry.name === "from" ? initFrom.args.string("path") : undefined,
    optimizer: optimizerPlan(optimizer),
    schedules: schedulesPlan(ctx),
    data: dataPlan(ctx, outputSize),
    training: trainingPlan(ctx),
    parameterCount: ctx.layers.reduce((s, l) => s + l.parameters, 0),
    flopsPerSample: ctx.layers.reduce((s, l) => s + l.flops, 0),
  };
}

export function lossPlan(b: BoundCall): LossPlan {
  if (b.entry.name === "cross_entropy") return { kind: "cross_entropy", labelSmoothing: b.args.number("label_smoothing") };
  if (b.entry.name === "hinge") return { kind: "hinge", margin: b.args.number("margin") };
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
  const a = b.args;
  const definition = sourceNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not a data source`);
  if (definition.kind === "split") return definition.plan(a);
  // `classes` is only present when given, so specs without it produce the same plan (and code) as before.
  // A class count (`classes = 10`) only states the model's outputs, which the checks compare; a list selects classes.
  const given = a.optional.classes("classes");
  const classes = Array.isArray(given) ? { classes: given as readonly number[] } : {};
  // Likewise `subset`: the checker has made sure at most one of limit and fraction is given.
  const limit = a.optional.number("limit");
  const fraction = a.optional.number("fraction");
  const subset = limit !== undefined ? { subset: { limit } } : fraction !== undefined ? { subset: { fraction } } : {};
  return definition.plan(a, { ...classes, ...subset }, b.call.span);
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

function viewPlan(b: BoundCall): ViewPlan {
  const definition = viewNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not a test-time view`);
  return definition.plan();
}

function dataPlan(ctx: CheckContext, outputSize: number): DataPlan | undefined {
  const data = ctx.data?.settings;
  const train = data?.optional.call("train");
  if (data === undefined || train === undefined) return undefined;
  const validation = data.optional.call("validation");
  const test = data.optional.call("test");
  const regression = train.entry.name === "csv" && train.args.optional.numbers("targets") !== undefined;
  const trainClasses = train.args.declares("classes") ? train.args.optional.classes("classes") : undefined;
  return {
    train: sourcePlan(train) as DataSourcePlan,
    validation: validation === undefined ? undefined : sourcePlan(validation),
    test: test === undefined ? undefined : (sourcePlan(test) as DataSourcePlan),
    preprocess: (data.optional.calls("preprocess") ?? []).map(preprocessPlan),
    augment: (data.optional.calls("augment") ?? []).map(augmentPlan),
    views: (data.optional.calls("tta") ?? []).map(viewPlan),
    classes: data.optional.number("classes") ?? (typeof trainClasses === "number" ? trainClasses : outputSize),
    task: regression ? "regression" : "classification",
  };
}

function metricName(b: BoundCall): string {
  return b.entry.name === "top_k" ? `top_${b.args.number("k")}` : b.entry.name;
}

function trainingPlan(ctx: CheckContext): TrainingPlan {
  const t = ctx.train?.settings;
  if (t === undefined) throw new Error("internal: assemblePlan needs a checked train block");
  const es = ctx.train?.blocks.get("early_stopping")?.settings;
  const ema = ctx.train?.blocks.get("ema")?.settings;
  const metrics = t.optional.calls("metrics");
  const regularizers: RegularizerPlan[] = (t.optional.calls("regularize") ?? []).map((r) => ({
    kind: r.entry.name as "l1" | "l2",
    lambda: r.args.number("lambda"),
    tensors: regularizerTensors(r, ctx.layers),
  }));
  const esMetric = es?.reference("metric").path.join(".");
  return {
    epochs: t.optional.number("epochs"),
    steps: t.optional.number("steps"),
    batchSize: t.number("batch_size"),
    shuffle: t.boolean("shuffle"),
    seed: t.number("seed"),
    precision: t.string<"f32" | "f64">("precision"),
    accumulate: t.number("accumulate"),
    evaluateEvery: t.duration("evaluate_every"),
    checkpointEvery: t.optional.duration("checkpoint_every"),
    keepLast: t.number("keep_last"),
    earlyStopping:
      es === undefined || esMetric === undefined
        ? undefined
        : {
            metric: esMetric,
            mode: metricMode(esMetric),
            patience: es.number("patience"),
            minDelta: es.number("min_delta"),
            restoreBest: es.boolean("restore_best"),
          },
    ema: ema === undefined ? undefined : { decay: ema.number("decay") },
    metrics: metrics === undefined ? ["loss", "accuracy"] : metrics.map(metricName),
    regularizers,
    maxNorm: t.optional.number("max_norm"),
    clipGradNorm: t.optional.number("clip_grad_norm"),
    clipGradValue: t.optional.number("clip_grad_value"),
    onNan: t.optional.string<TrainingPlan["onNan"]>("on_nan") ?? "stop",
    snapshotEnsemble: snapshotEnsemblePlan(ctx),
    ...noisePlan(ctx),
  };
}

/** weightNoise and gradientNoise, present only when given (so specs without noise plan and generate as before). */
function noisePlan(ctx: CheckContext): Pick<TrainingPlan, "weightNoise" | "gradientNoise"> {
  const out: { weightNoise?: TrainingPlan["weightNoise"]; gradientNoise?: TrainingPlan["gradientNoise"] } = {};
  const tensors = (on: "weights" | "biases" | "all") => noiseTensors(on, ctx.layers);
  for (const n of ctx.train?.settings.optional.calls("noise") ?? []) {
    if (n.entry.name === weight_noise.entry.name) out.weightNoise = weight_noise.plan(n.args, tensors);
    else if (n.entry.name === gradient_noise.entry.name) out.gradientNoise = gradient_noise.plan(n.args, tensors);
    else throw new Error(`internal: ${n.entry.name} is not a noise kind`);
  }
  return out;
}

/** The lr cycles a snapshot ensemble follows (checks/snapshot-ensemble.ts reports a missing or step-counted schedule). */
function snapshotEnsemblePlan(ctx: CheckContext): TrainingPlan["snapshotEnsemble"] {
  if (ctx.train?.settings.optional.boolean("snapshot_ensemble") !== true) return undefined;
  const lr = ctx.schedules.find((s) => s.key === "lr");
  return lr?.plan?.kind === "cosine_restarts" && lr.items.length === 1 ? epochCycles(lr.items[0]) : undefined;
}
