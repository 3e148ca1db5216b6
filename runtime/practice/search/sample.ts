/**
 * Trials: random search (Bergstra & Bengio 2012: with few dimensions that matter, random points cover
 * each of them far better than a grid) and, on request, a grid. Every trial has its own seed derived
 * from the base seed and its index, so any single trial can be rerun alone and gives the same numbers.
 */
import { Rng } from "../../rng.ts";
import type { Dimension } from "./dimension.ts";
import { atPosition, roundValue } from "./dimension.ts";

/** A 32-bit mix of (base seed, trial index) (the murmur3 finalizer): nearby indices give unrelated seeds. */
export function trialSeed(base: number, index: number): number {
  let h = (Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 2147483647;
}

export function sampleValue(d: Dimension, rng: Rng): number {
  if (d.kind === "choice") {
    const values = d.values ?? [];
    return values[rng.int(values.length)];
  }
  if (d.kind === "int") return d.low + rng.int(d.high - d.low + 1);
  const u = rng.next();
  const v = d.kind === "loguniform" ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))) : d.low + u * (d.high - d.low);
  return roundValue(d, v);
}

/** `count` random trials; trial i draws from its own generator seeded with trialSeed(seed, first + i). */
export function randomTrials(dims: readonly Dimension[], count: number, seed: number, first = 0): number[][] {
  const trials: number[][] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(trialSeed(seed, first + i) ^ 0x5bd1e995);
    trials.push(dims.map((d) => sampleValue(d, rng)));
  }
  return trials;
}

/**
 * Grid points of one dimension: every choice; for ranges, the centres of `points` equal cells (in log
 * space for loguniform), and for int ranges at most `points` distinct integers.
 */
export function gridPoints(d: Dimension, points: number): number[] {
  if (d.kind === "choice") return [...(d.values ?? [])];
  if (d.kind === "int" && d.high - d.low + 1 <= points) return Array.from({ length: d.high - d.low + 1 }, (_, i) => d.low + i);
  const out: number[] = [];
  for (let i = 0; i < points; i++) {
    const v = atPosition(d, (i + 0.5) / points);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** The Cartesian product of every dimension's grid points, first dimension slowest. */
export function gridTrials(dims: readonly Dimension[], points: number): number[][] {
  let trials: number[][] = [[]];
  for (const d of dims) {
    const next: number[][] = [];
    for (const t of trials) for (const v of gridPoints(d, points)) next.push([...t, v]);
    trials = next;
  }
  return trials;
}
