import type { Range } from "./types.ts";

/**
 * Builds a range from its mathematical wording, so the bound and the message can never disagree:
 * `range("[0, 1)")`, `range("(0, ∞)")`.
 */
export function range(text: string): Range {
  const m = /^([[(])\s*(-?∞|[-0-9.e]+)\s*,\s*(-?∞|[-0-9.e]+)\s*([\])])$/.exec(text);
  if (m === null) throw new Error(`bad range wording: ${text}`);
  const parse = (s: string): number => (s === "∞" ? Infinity : s === "-∞" ? -Infinity : Number(s));
  return { min: parse(m[2]), max: parse(m[3]), minInclusive: m[1] === "[", maxInclusive: m[4] === "]", text };
}

export function inRange(value: number, r: Range): boolean {
  const aboveMin = r.minInclusive ? value >= r.min : value > r.min;
  const belowMax = r.maxInclusive ? value <= r.max : value < r.max;
  return aboveMin && belowMax;
}

export const positive = range("(0, ∞)");
export const nonNegative = range("[0, ∞)");
export const atLeastOne = range("[1, ∞)");
export const unitOpen = range("[0, 1)");
export const unitClosed = range("[0, 1]");
export const openUnit = range("(0, 1)");
