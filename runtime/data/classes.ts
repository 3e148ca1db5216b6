/**
 * `classes = [5, 6, 7, 8, 9]` on a data source: keep only rows with those labels and renumber them
 * 0..k−1 in the order listed, so a model trained on a subset of classes has exactly k outputs (the
 * transfer-learning setup: pretrain on some classes, then learn a new head for the others).
 */
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";

export function selectClasses(d: Dataset, classes: readonly number[]): Dataset {
  if (d.labels === undefined) throw new DataError(d.source, "`classes` selects labels, but this data set has none (regression targets)");
  const remap = new Map<number, number>();
  classes.forEach((c, i) => remap.set(c, i));
  const labels = d.labels;
  let n = 0;
  for (let i = 0; i < d.n; i++) if (remap.has(labels[i])) n++;
  if (n === 0) throw new DataError(d.source, `no rows have the labels [${classes.join(", ")}]`);
  const F = d.features;
  const x = new Float32Array(n * F);
  const kept = new Int32Array(n);
  let row = 0;
  for (let i = 0; i < d.n; i++) {
    const c = remap.get(labels[i]);
    if (c === undefined) continue;
    x.set(d.x.subarray(i * F, (i + 1) * F), row * F);
    kept[row++] = c;
  }
  return {
    ...d,
    x,
    n,
    shape: [...d.shape],
    labels: kept,
    targets: undefined,
    classes: classes.length,
    source: `${d.source} (classes ${classes.join(", ")})`,
  };
}
