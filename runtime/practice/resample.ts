/**
 * Resampling a training set for k-fold cross-validation and bagging. Both are seeded: the same seed
 * gives the same folds and the same bootstrap samples on every run.
 */
import type { Dataset } from "../data/dataset.ts";
import { Rng } from "../rng.ts";
import { copyRows } from "../data/copy-rows.ts";

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Fold `fold` of `folds` as validation, the rest as training. Rows are shuffled once with `seed` and cut
 * into `folds` nearly equal parts, so every row is validated exactly once across the folds.
 */
export function kfoldSplit(d: Dataset, fold: number, folds: number, seed: number): { train: Dataset; validation: Dataset } {
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= d.n))
    throw new RangeError(`${folds} folds of ${d.n} rows: expected 2 ≤ folds ≤ rows`);
  const order = permutation(d.n, seed);
  const start = Math.floor((fold * d.n) / folds);
  const end = Math.floor(((fold + 1) * d.n) / folds);
  const validationRows = order.slice(start, end).sort();
  const trainRows = Int32Array.from([...order.slice(0, start), ...order.slice(end)]).sort();
  return {
    train: copyRows(d, trainRows, `${d.source} (folds ≠ ${fold + 1} of ${folds})`),
    validation: copyRows(d, validationRows, `${d.source} (fold ${fold + 1} of ${folds})`),
  };
}

/** n rows drawn uniformly with replacement (a bootstrap sample, Breiman 1996); about 63% are distinct. */
export function bootstrapSample(d: Dataset, seed: number): Dataset {
  const rng = new Rng(seed);
  const rows = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) rows[i] = rng.int(d.n);
  return copyRows(d, rows, `${d.source} (bootstrap sample, seed ${seed})`);
}
