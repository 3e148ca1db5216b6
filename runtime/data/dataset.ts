/**
 * An in-memory data set. Row i of the inputs is `x[i·features, (i+1)·features)`, row-major; `shape` is the
 * shape of one row ([C, H, W] for images, [features] for tabular data) and its product is `features`.
 * Classification sets carry `labels` (one class index per row); regression sets carry `targets`
 * (`targetSize` values per row, row-major).
 */
import { DataError } from "./errors.ts";

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

/**
 * The last ceil(n·fraction) rows become the validation set, in file order: the split happens before any
 * shuffling, so it is the same on every run. `classes` is kept from the whole set so both halves agree on
 * the model's output size.
 */
export function splitDataset(
  d: Dataset,
  fraction: number,
): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new DataError(
      d.source,
      `validation fraction ${fraction} is outside (0, 1)`,
    );
  }
  const nValidation = Math.ceil(d.n * fraction);
  const nTrain = d.n - nValidation;
  if (nTrain < 1) {
    throw new DataError(
      d.source,
      `split(${fraction}) of ${d.n} rows leaves no training rows; expected a smaller fraction or more rows`,
    );
  }
  return {
    train: sliceRows(d, 0, nTrain),
    validation: sliceRows(d, nTrain, d.n),
  };
}
