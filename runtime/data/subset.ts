/**
 * `limit = N` / `fraction = f` on a data source: a seeded subset of its rows for quick experiments (try a
 * recipe on 5,000 images before the full run). Classification sets are subsampled per class, so each
 * class keeps its share of the rows (stratified); regression sets are subsampled uniformly. The kept rows
 * stay in file order, and the same seed always keeps the same rows.
 */
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import { copyRows } from "./copy-rows.ts";
import { Rng } from "../rng.ts";

export type Subset = { readonly limit: number } | { readonly fraction: number };

/** Rows a subset keeps out of n: `limit` exactly, or round(n·fraction) and at least one. */
export function subsetSize(n: number, subset: Subset): number {
  return "limit" in subset ? subset.limit : Math.max(1, Math.round(n * subset.fraction));
}

/**
 * How many of k rows each class gets: its proportional share k·n_c/n rounded down, then the rows left over
 * go to the classes with the largest remainders (ties to the lower class), so the quotas sum to k and no
 * class is off its exact share by one row or more (Hamilton's largest-remainder method).
 */
export function classQuotas(counts: readonly number[], k: number): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (k * c) / n);
  const quotas = exact.map(Math.floor);
  let left = k - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = counts.map((_, c) => c).sort((a, b) => exact[b] - quotas[b] - (exact[a] - quotas[a]) || a - b);
  for (const c of byRemainder) {
    if (left === 0) break;
    if (quotas[c] < counts[c]) {
      quotas[c] += 1;
      left -= 1;
    }
  }
  return quotas;
}

/** The first `take` entries of a seeded Fisher–Yates shuffle of `rows` (partial: only `take` swaps). */
function sample(rows: Int32Array, take: number, rng: Rng): Int32Array {
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(rows.length - i);
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
  return rows.subarray(0, take);
}

export function subsetDataset(d: Dataset, subset: Subset, seed: number): Dataset {
  const what = "limit" in subset ? `limit = ${subset.limit}` : `fraction = ${subset.fraction}`;
  if ("limit" in subset && !(Number.isInteger(subset.limit) && subset.limit >= 1))
    throw new DataError(d.source, `${what}: expected an integer ≥ 1`);
  if ("fraction" in subset && !(subset.fraction > 0 && subset.fraction <= 1))
    throw new DataError(d.source, `${what}: expected a fraction in (0, 1]`);
  const k = subsetSize(d.n, subset);
  if (k > d.n)
    throw new DataError(d.source, `${what} asks for more rows than the data set has (${d.n}); expected a limit ≤ ${d.n} or no limit`);
  const rng = new Rng(seed);
  let kept: Int32Array;
  if (d.labels !== undefined) {
    const members: number[][] = [];
    for (let i = 0; i < d.n; i++) {
      const label = d.labels[i];
      if (!(label >= 0)) throw new DataError(d.source, `row ${i + 1} has label ${label}; a stratified subset needs class labels ≥ 0`);
      while (members.length <= label) members.push([]);
      members[label].push(i);
    }
    const quotas = classQuotas(
      members.map((m) => m.length),
      k,
    );
    kept = new Int32Array(k);
    let at = 0;
    members.forEach((rows, c) => {
      kept.set(sample(Int32Array.from(rows), quotas[c], rng), at);
      at += quotas[c];
    });
  } else {
    kept = sample(
      Int32Array.from({ length: d.n }, (_, i) => i),
      k,
      rng,
    ).slice();
  }
  kept.sort();
  const how = d.labels !== undefined ? "stratified by class" : "uniform";
  return copyRows(d, kept, `${d.source} (${what}: ${k} of ${d.n} rows, ${how}, seed ${seed})`);
}
