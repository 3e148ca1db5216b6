/**
 * Coarse-to-fine search and the lecture's edge advice. Refinement narrows every range to the span of the
 * best trials' values, padded by a quarter of that span on each side (in log space for loguniform) and
 * kept inside the original range; a choice keeps the values the best trials used. Edge detection flags a
 * best value in the outer tenth of its range: the optimum may lie beyond it, so widen the range.
 */
import type { Dimension } from "./dimension.ts";
import { roundValue, unitPosition, describeDimension } from "./dimension.ts";

const PAD = 0.25;
export const EDGE = 0.1;

export function refineDimension(d: Dimension, best: readonly number[]): Dimension {
  if (best.length === 0) return d;
  if (d.kind === "choice") {
    const kept = (d.values ?? []).filter((v) => best.includes(v));
    return { ...d, values: kept, low: Math.min(...kept), high: Math.max(...kept) };
  }
  const log = d.kind === "loguniform";
  const t = (x: number) => (log ? Math.log(x) : x);
  const inv = (x: number) => (log ? Math.exp(x) : x);
  const lo = Math.min(...best.map(t));
  const hi = Math.max(...best.map(t));
  // A single best value (or identical ones) still gets a neighbourhood: a tenth of the original range.
  const span = hi > lo ? hi - lo : (t(d.high) - t(d.low)) / 10;
  let low = Math.max(t(d.low), lo - PAD * span);
  let high = Math.min(t(d.high), hi + PAD * span);
  low = roundValue(d, inv(low));
  high = roundValue(d, inv(high));
  if (d.integer) {
    low = Math.max(d.low, Math.floor(low));
    high = Math.min(d.high, Math.ceil(high));
  }
  if (!(low < high)) return d;
  return { ...d, low, high };
}

export function refineSpace(dims: readonly Dimension[], bestTrials: readonly (readonly number[])[]): Dimension[] {
  return dims.map((d, i) =>
    refineDimension(
      d,
      bestTrials.map((t) => t[i]),
    ),
  );
}

export interface EdgeWarning {
  readonly label: string;
  readonly value: number;
  readonly edge: "lower" | "upper";
  readonly message: string;
}

/** Warnings for each dimension whose best value lies in the outer EDGE of the range it was searched over. */
export function edgeWarnings(dims: readonly Dimension[], best: readonly number[]): EdgeWarning[] {
  const out: EdgeWarning[] = [];
  dims.forEach((d, i) => {
    const v = best[i];
    let edge: "lower" | "upper" | undefined;
    if (d.kind === "choice") {
      // Only ordered choices of three or more values have a meaningful edge.
      const sorted = [...(d.values ?? [])].sort((a, b) => a - b);
      if (sorted.length >= 3) edge = v === sorted[0] ? "lower" : v === sorted[sorted.length - 1] ? "upper" : undefined;
    } else {
      const u = unitPosition(d, v);
      edge = u <= EDGE ? "lower" : u >= 1 - EDGE ? "upper" : undefined;
    }
    if (edge === undefined) return;
    const way = edge === "lower" ? "lower" : "higher";
    out.push({
      label: d.label,
      value: v,
      edge,
      message: `best ${d.label} = ${v} is at the ${edge} edge of ${describeDimension(d)}: the optimum may be ${way}; widen the range and search again`,
    });
  });
  return out;
}
