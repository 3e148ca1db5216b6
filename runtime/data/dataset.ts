/**
 * An in-memory data set. Row i of the inputs is `x[i·features, (i+1)·features)`, row-major; `shape` is the
 * shape of one row ([C, H, W] for images, [features] for tabular data) and its product is `features`.
 * Classification sets carry `labels` (one class index per row); regression sets carry `targets`
 * (`targetSize` values per row, row-major).
 */
import { DataError } from "./errors.ts";
import { Rng } from "../rng.ts";

export interface Dataset {
  x: Float32Array;
  n: number;
  features: number;
  shape: number[];
  labels: Int32Array | undefined;
  targets: Float32Array | undefined;
  targetSize: number;
  /** Classification: max label + 1. Regression: the number of targets per row (the model's output size). */
  classes: number;
  /** Where the rows came from, for messages. */
  source: string;
  /** Where the labels came from when another file than `source` (idx(images, labels)'s labels file), for messages about labels. */
  labelSource?: string;
}

/** Rows [from, to) as views on the same buffers (no copy). */
function sliceRows(d: Dataset, from: number, to: number): Dataset {
  return {
    ...d,
    x: d.x.subarray(from * d.features, to * d.features),
    n: to - from,
    shape: [...d.shape],
    labels: d.labels?.subarray(from, to),
    targets: d.targets?.subarray(from * d.targetSize, to * d.targetSize),
  };
}

/** Rows in the given order, copied into new buffers. */
function gatherRows(d: Dataset, order: Int32Array): Dataset {
  const F = d.features;
  const T = d.targetSize;
  const x = new Float32Array(order.length * F);
  const labels = d.labels && new Int32Array(order.length);
  const targets = d.targets && new Float32Array(order.length * T);
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    for (let j = 0; j < F; j++) x[i * F + j] = d.x[r * F + j];
    if (labels && d.labels) labels[i] = d.labels[r];
    if (targets && d.targets) for (let j = 0; j < T; j++) targets[i * T + j] = d.targets[r * T + j];
  }
  return { ...d, x, n: order.length, shape: [...d.shape], labels, targets };
}

/**
 * Holds out ceil(n·fraction) rows as the validation set. With a `seed` the held-out rows are a seeded
 * random subset (files are often sorted by class, and the last rows of a sorted file make a useless
 * validation set); without one they are the last rows in file order. Either way the split is the same
 * on every run with the same seed. `classes` is kept from the whole set so both halves agree on the
 * model's output size.
 */
export function splitDataset(d: Dataset, fraction: number, seed?: number): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new DataError(d.source, `validation fraction ${fraction} is outside (0, 1)`);
  }
  const nValidation = Math.ceil(d.n * fraction);
  const nTrain = d.n - nValidation;
  if (nTrain < 1) {
    throw new DataError(d.source, `split(${fraction}) of ${d.n} rows leaves no training rows; expected a smaller fraction or more rows`);
  }
  if (seed === undefined) return { train: sliceRows(d, 0, nTrain), validation: sliceRows(d, nTrain, d.n) };
  const order = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) order[i] = i;
  const rng = new Rng(seed);
  for (let i = d.n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  // Each half keeps file order within itself, so the split is easy to reason about.
  const validationRows = order.subarray(nTrain).slice().sort();
  const trainRows = order.subarray(0, nTrain).slice().sort();
  return { train: gatherRows(d, trainRows), validation: gatherRows(d, validationRows) };
}
