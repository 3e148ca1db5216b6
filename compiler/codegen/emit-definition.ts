/**
 * The literal description a generated module carries of itself: shapes, tensor layout, preprocessing
 * and the training settings the runtime's loop follows. Pure data, printed as constants.
 */
import type { Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { num, str } from "./literals.ts";
import { unshardableReason } from "./shardable.ts";
import { DEFAULT_KEEP_LAST } from "../../runtime/train/keep-last.ts";

function literal(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return num(value);
  if (typeof value === "string") return str(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  // Keys are the generator's own property names, never spec text; quoting them anyway keeps that true.
  return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : str(k)}: ${literal(v)}`).join(", ")} }`;
}

export function emitDefinition(plan: Plan, layout: Layout): string {
  const t = plan.training;
  const tensors = layout.tensors.map((s) => ({ name: s.name, shape: s.shape, buffer: s.buffer, offset: s.offset, size: s.size }));
  const training = {
    epochs: t.epochs,
    steps: t.steps,
    batchSize: t.batchSize,
    shuffle: t.shuffle,
    accumulate: t.accumulate,
    evaluateEvery: t.evaluateEvery,
    checkpointEvery: t.checkpointEvery,
    // Only a non-default count is printed, so existing generated modules stay as they were.
    keepLast: t.keepLast === DEFAULT_KEEP_LAST ? undefined : t.keepLast,
    earlyStopping: t.earlyStopping,
    ema: t.ema,
    metrics: t.metrics,
    fullBatch: plan.optimizer.name === "lbfgs",
    // Only a non-default policy is printed, so existing generated modules stay as they were.
    onNan: t.onNan === "stop" ? undefined : t.onNan,
    snapshotEnsemble: t.snapshotEnsemble,
    // Printed only when the batch cannot be split across data-parallel workers, and then with the reason.
    unshardable: unshardableReason(plan),
    // Printed only when nextUpdateStep() reads the gradients: data-parallel training then adds the replicas' first.
    stepReadsGradients: t.clipGradNorm !== undefined || t.gradientNoise !== undefined ? true : undefined,
  };
  const classes = plan.data?.classes ?? plan.outputSize;
  const task = plan.loss.kind === "mse" ? "regression" : "classification";
  const views = plan.data?.views ?? [];
  // Test-time views (the data block's `tta`), written only when there are some.
  const viewsLine = views.length > 0 ? `\n  views: ${literal(views)},` : "";
  return `
export const SOURCE = ${str(plan.source)};
export const PRECISION = ${str(t.precision)};
export const SEED = ${num(t.seed)};
export const INPUT_SHAPE: readonly number[] = ${literal(plan.inputShape)};
export const INPUT_SIZE = ${plan.inputSize};
export const OUTPUT_SIZE = ${plan.outputSize};
/** Largest batch the model's buffers hold. */
export const MAX_BATCH = ${t.batchSize};
export const PARAMETER_COUNT = ${layout.paramCount};

/** Every tensor: PyTorch state_dict name and shape, and where it lives (params or stats buffer, offset, size). */
export const TENSORS = ${literal(tensors)} as const;

/** Preprocessing steps; their statistics are fitted on the training set only. */
export const PREPROCESS = ${literal(plan.data?.preprocess ?? [])} as const;

export const DEFINITION = {
  source: SOURCE,
  precision: PRECISION,
  inputShape: INPUT_SHAPE,
  inputSize: INPUT_SIZE,
  outputSize: OUTPUT_SIZE,
  maxBatch: MAX_BATCH,
  task: ${str(task)},
  classes: ${classes},
  loss: ${str(plan.loss.kind)},
  tensors: TENSORS,
  batchNorms: ${literal(layout.batchNorms)},
  training: ${literal(training)},${viewsLine}
} as const;
`;
}
