/** Histograms of layer activations and weights, computed in the training worker (no DOM here). */
import type { Histogram } from "./plots.ts";

/** Bins `values` into `bins` equal-width bins between their minimum and maximum. */
export function histogram(name: string, values: ArrayLike<number>, bins = 30): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) {
    lo = Number.isFinite(lo) ? lo - 0.5 : -0.5;
    hi = lo + 1;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return { name, edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}
