/** Copying chosen rows of a data set, shared by subsets (subset.ts), k-fold and bagging (practice/resample.ts). */
import type { Dataset } from "./dataset.ts";

/** Rows in the given order, copied (a row may repeat, as in a bootstrap sample). */
export function copyRows(d: Dataset, rows: ArrayLike<number>, source = d.source): Dataset {
  const F = d.features;
  const T = d.targetSize;
  const n = rows.length;
  const x = new Float32Array(n * F);
  const labels = d.labels && new Int32Array(n);
  const targets = d.targets && new Float32Array(n * T);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    x.set(d.x.subarray(r * F, (r + 1) * F), i * F);
    if (labels && d.labels) labels[i] = d.labels[r];
    if (targets && d.targets) targets.set(d.targets.subarray(r * T, (r + 1) * T), i * T);
  }
  return { ...d, x, n, shape: [...d.shape], labels, targets, source };
}
