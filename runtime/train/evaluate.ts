/**
 * Loss and metrics of a compiled model over a whole data set, and its outputs for every row, in evaluation
 * mode (dropout off, batch norm on running statistics). With test-time views (the data block's `tta`) the
 * outputs are the mean of the network's outputs over the images and each view.
 */
import { Batcher } from "../data/batcher.ts";
import { viewInto } from "../data/views.ts";
import type { Dataset } from "../data/dataset.ts";
import { countCorrect, countTopK } from "../kernels/losses.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";

export interface EvaluationResult {
  readonly n: number;
  readonly loss: number;
  /** Fraction of rows whose highest score is the label (classification only). */
  readonly accuracy: number | undefined;
  /** `top_k` → fraction of rows whose label is among the k highest scores. */
  readonly topK: Readonly<Record<string, number>>;
}

/** Batch buffers are reused across evaluations of the same data set, so periodic evaluation does not allocate. */
const batchers = new WeakMap<Dataset, WeakMap<CompiledModel, Batcher>>();

const noShuffle = { int: () => 0 };

function batcherFor(model: CompiledModel, data: Dataset): Batcher {
  let perModel = batchers.get(data);
  if (!perModel) {
    perModel = new WeakMap();
    batchers.set(data, perModel);
  }
  let b = perModel.get(model);
  if (!b) {
    b = new Batcher(data, model.definition.maxBatch, false, noShuffle, model.definition.precision);
    perModel.set(model, b);
  }
  return b;
}

interface ViewBuffers {
  /** One view of a batch, [maxBatch, inputSize], in the batch's precision. */
  readonly view: FloatArray;
  /** The mean of the outputs over the views, [maxBatch, outputSize]. */
  readonly mean: Float64Array;
}

const viewBuffers = new WeakMap<CompiledModel, ViewBuffers>();

function viewBuffersFor(model: CompiledModel, like: FloatArray): ViewBuffers {
  let v = viewBuffers.get(model);
  if (v === undefined) {
    const def = model.definition;
    const size = def.maxBatch * def.inputSize;
    const view = like instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
    viewBuffers.set(model, (v = { view, mean: new Float64Array(def.maxBatch * def.outputSize) }));
  }
  return v;
}

/**
 * The model's outputs for rows [0, n) of x, [n, outputSize]: the network's own, or with test-time views
 * their mean over the images and every view (valid until the next call).
 */
export function evaluationOutputs(model: CompiledModel, x: FloatArray, n: number): FloatArray {
  const def = model.definition;
  const views = def.views ?? [];
  const first = model.forward(x, n, false);
  if (views.length === 0) return first;
  const { view, mean } = viewBuffersFor(model, x);
  const count = n * def.outputSize;
  for (let i = 0; i < count; i++) mean[i] = first[i];
  for (const v of views) {
    viewInto(v, def.inputShape, x, view, n);
    const out = model.forward(view, n, false);
    for (let i = 0; i < count; i++) mean[i] += out[i];
  }
  const scale = 1 / (views.length + 1);
  for (let i = 0; i < count; i++) mean[i] *= scale;
  return mean;
}

export function topKValues(metrics: readonly string[]): number[] {
  return metrics.filter((m) => /^top_\d+$/.test(m)).map((m) => Number(m.slice(4)));
}

export function evaluateModel(model: CompiledModel, data: Dataset): EvaluationResult {
  const def = model.definition;
  const b = batcherFor(model, data);
  const ks = topKValues(def.training.metrics);
  const topHits = ks.map(() => 0);
  let lossSum = 0;
  let correct = 0;
  b.startEpoch();
  for (let n = b.next(); n > 0; n = b.next()) {
    const out = evaluationOutputs(model, b.x, n);
    lossSum += model.lossOf(out, b.labels, b.targets, n) * n;
    if (def.task === "classification") {
      correct += countCorrect(n, def.outputSize, out, 0, b.labels, 0);
      ks.forEach((k, i) => (topHits[i] += countTopK(n, def.outputSize, out, 0, b.labels, 0, k)));
    }
  }
  const topK: Record<string, number> = {};
  ks.forEach((k, i) => (topK[`top_${k}`] = topHits[i] / data.n));
  return {
    n: data.n,
    loss: lossSum / data.n,
    accuracy: def.task === "classification" ? correct / data.n : undefined,
    topK,
  };
}

/** Scores of every row (n × OUTPUT_SIZE, row-major), in evaluation mode. */
export function predictAll(model: CompiledModel, data: Dataset): Float64Array {
  const def = model.definition;
  const b = batcherFor(model, data);
  const out = new Float64Array(data.n * def.outputSize);
  let row = 0;
  b.startEpoch();
  for (let n = b.next(); n > 0; n = b.next()) {
    const y = evaluationOutputs(model, b.x, n);
    for (let i = 0; i < n * def.outputSize; i++) out[row * def.outputSize + i] = y[i];
    row += n;
  }
  return out;
}
