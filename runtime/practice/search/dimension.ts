/**
 * A search dimension as the sweep runner sees it: plain data, so the sampling, grid, refinement and
 * edge rules below stay pure and testable without the compiler.
 */
export interface Dimension {
  readonly label: string;
  readonly kind: "loguniform" | "uniform" | "int" | "choice";
  readonly low: number;
  readonly high: number;
  /** choice only. */
  readonly values: readonly number[] | undefined;
  readonly integer: boolean;
}

/** Values as written into a trial spec: 4 significant digits, integers exact. */
export function roundValue(d: Dimension, v: number): number {
  return d.integer ? Math.round(v) : Number(v.toPrecision(4));
}

/** Position of `v` in [0, 1] across the dimension's range (log scale for loguniform). */
export function unitPosition(d: Dimension, v: number): number {
  if (d.high === d.low) return 0.5;
  if (d.kind === "loguniform") return (Math.log(v) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low));
  return (v - d.low) / (d.high - d.low);
}

/** The value at position u ∈ [0, 1] of a continuous or integer range. */
export function atPosition(d: Dimension, u: number): number {
  const v = d.kind === "loguniform" ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))) : d.low + u * (d.high - d.low);
  return roundValue(d, Math.min(d.high, Math.max(d.low, v)));
}

export function describeDimension(d: Dimension): string {
  return d.kind === "choice" ? `choice(${(d.values ?? []).join(", ")})` : `${d.kind}(${d.low}, ${d.high})`;
}
