/** Loss and metrics of a compiled model over a whole data set, in evaluation mode (dropout off, batch norm on running statistics). */
import { Batcher } from "../data/batcher.ts";
import type { Dataset } from "../data/dataset.ts";
import { countCorrect, countTopK } from "../kernels/losses.ts";
import type { CompiledModel } from "../contract.ts";

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
    const out = model.forward(b.x, n, false);
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
    const y = model.forward(b.x, n, false);
    for (let i = 0; i < n * def.outputSize; i++) out[row * def.outputSize + i] = y[i];
    row += n;
  }
  return out;
}
