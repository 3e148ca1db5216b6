/**
 * A data set built in code from typed arrays (or plain number arrays): what a page that generates or
 * already holds its data passes as `train({ data })` or to `prepareData`, in a browser as in Node.
 */
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";

export interface DatasetArrays {
  /** Inputs, row-major: n rows of prod(shape) values. */
  readonly x: ArrayLike<number>;
  /** Shape of one row: [features] for tabular data, [C, H, W] for images. */
  readonly shape: readonly number[];
  /** Classification: one class index per row. */
  readonly labels?: ArrayLike<number>;
  /** Regression: n rows of `targetSize` values, row-major. */
  readonly targets?: ArrayLike<number>;
  /** Regression: values per row of `targets` (default: targets.length / n). */
  readonly targetSize?: number;
  /** Names the data in messages (default "arrays"). */
  readonly source?: string;
}

/** Checks the arrays against each other and returns them as a Dataset (copied to float32 / int32). */
export function datasetFromArrays(a: DatasetArrays): Dataset {
  const source = a.source ?? "arrays";
  if (!a.shape.length || !a.shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new DataError(source, `row shape [${a.shape.join(", ")}] must be a non-empty list of positive integers`);
  }
  const features = a.shape.reduce((p, d) => p * d, 1);
  if (a.x.length === 0 || a.x.length % features !== 0) {
    throw new DataError(
      source,
      `x has ${a.x.length} values; expected a positive multiple of ${features} (rows of shape [${a.shape.join(", ")}])`,
    );
  }
  const n = a.x.length / features;
  if ((a.labels === undefined) === (a.targets === undefined)) {
    throw new DataError(source, "give labels (classification) or targets (regression), exactly one of them");
  }
  const x = Float32Array.from(a.x);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw new DataError(source, `x[${i}] (row ${Math.floor(i / features)}) is ${a.x[i]}; expected a finite float32`);
  }
  if (a.labels !== undefined) {
    if (a.labels.length !== n) throw new DataError(source, `${a.labels.length} labels for ${n} rows; expected one label per row`);
    const labels = new Int32Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = a.labels[i];
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff)
        throw new DataError(source, `label ${i} is ${v}; expected a non-negative integer class index`);
      labels[i] = v;
      if (v > max) max = v;
    }
    return { x, n, features, shape: [...a.shape], labels, targets: undefined, targetSize: 0, classes: max + 1, source };
  }
  const t = a.targets!;
  const targetSize = a.targetSize ?? t.length / n;
  if (!Number.isInteger(targetSize) || targetSize < 1 || t.length !== n * targetSize) {
    throw new DataError(
      source,
      `${t.length} target values for ${n} rows; expected ${a.targetSize === undefined ? "a positive multiple of the row count" : `${n} × ${a.targetSize}`}`,
    );
  }
  const targets = Float32Array.from(t);
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i])) throw new DataError(source, `targets[${i}] is ${t[i]}; expected a finite float32`);
  }
  return { x, n, features, shape: [...a.shape], labels: undefined, targets, targetSize, classes: targetSize, source };
}
