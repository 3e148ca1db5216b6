/**
 * A handful of rows taken out of a data set in the model's precision, and the loss, accuracy and
 * gradient of a model over them in chunks of at most MAX_BATCH rows (the model's buffers hold no more).
 * The diagnostics in this folder all work on such small samples.
 */
import type { Dataset } from "../data/dataset.ts";
import { countCorrect } from "../kernels/losses.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray, Precision } from "../types.ts";

export interface Sample {
  readonly x: FloatArray;
  readonly labels: Int32Array;
  readonly targets: FloatArray;
  readonly n: number;
}

function floats(precision: Precision, n: number): FloatArray {
  return precision === "f64" ? new Float64Array(n) : new Float32Array(n);
}

/** Rows [from, from + count) of `data` (fewer if the set is smaller), copied into `precision` buffers. */
export function takeRows(data: Dataset, count: number, precision: Precision, from = 0): Sample {
  const start = Math.min(from, data.n);
  const n = Math.min(count, data.n - start);
  const x = floats(precision, n * data.features);
  x.set(data.x.subarray(start * data.features, (start + n) * data.features));
  const labels = new Int32Array(n);
  if (data.labels) labels.set(data.labels.subarray(start, start + n));
  const targets = floats(precision, n * data.targetSize);
  if (data.targets) targets.set(data.targets.subarray(start * data.targetSize, (start + n) * data.targetSize));
  return { x, labels, targets, n };
}

/**
 * `count` rows spread evenly over the whole set (rows 0, k, 2k, …): files are often sorted by class, and
 * the first rows alone may hold a single class.
 */
export function spreadRows(data: Dataset, count: number, precision: Precision): Sample {
  const n = Math.min(count, data.n);
  const stride = data.n / Math.max(n, 1);
  const x = floats(precision, n * data.features);
  const labels = new Int32Array(n);
  const targets = floats(precision, n * data.targetSize);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i * stride);
    x.set(data.x.subarray(r * data.features, (r + 1) * data.features), i * data.features);
    if (data.labels) labels[i] = data.labels[r];
    if (data.targets) targets.set(data.targets.subarray(r * data.targetSize, (r + 1) * data.targetSize), i * data.targetSize);
  }
  return { x, labels, targets, n };
}

interface Chunk {
  readonly x: FloatArray;
  readonly labels: Int32Array;
  readonly targets: FloatArray;
  readonly n: number;
}

/** The sample cut into views of at most MAX_BATCH rows each. */
export function chunks(model: CompiledModel, s: Sample): Chunk[] {
  const def = model.definition;
  const out: Chunk[] = [];
  const T = s.n > 0 ? s.targets.length / s.n : 0;
  for (let i = 0; i < s.n; i += def.maxBatch) {
    const n = Math.min(def.maxBatch, s.n - i);
    out.push({
      x: s.x.subarray(i * def.inputSize, (i + n) * def.inputSize),
      labels: s.labels.subarray(i, i + n),
      targets: s.targets.subarray(i * T, (i + n) * T),
      n,
    });
  }
  return out;
}

/** Mean data loss and accuracy (classification) of the model over the sample, in evaluation mode. */
export function lossOnSample(model: CompiledModel, s: Sample): { loss: number; accuracy: number | undefined } {
  const def = model.definition;
  let loss = 0;
  let correct = 0;
  for (const c of chunks(model, s)) {
    const out = model.forward(c.x, c.n, false);
    loss += model.lossOf(out, c.labels, c.targets, c.n) * c.n;
    if (def.task === "classification") correct += countCorrect(c.n, def.outputSize, out, 0, c.labels, 0);
  }
  return { loss: loss / s.n, accuracy: def.task === "classification" ? correct / s.n : undefined };
}

/** Zeroes the gradients and accumulates the gradient of the mean data loss over the whole sample; returns that loss. */
export function gradientOnSample(model: CompiledModel, s: Sample): number {
  model.zeroGradients();
  let loss = 0;
  for (const c of chunks(model, s)) loss += model.lossAndGradient(c.x, c.labels, c.targets, c.n, c.n / s.n) * (c.n / s.n);
  return loss;
}
