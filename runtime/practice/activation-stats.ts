/**
 * Check 4 of `nnc doctor`: statistics of every nonlinearity's output at initialization, on one batch —
 * the lecture's experiment with 10 tanh layers (small gaussian weights: activations collapse to 0;
 * std 1: tanh saturates at ±1; Xavier: the spread holds; ReLU needs He's factor 2 or it shrinks by
 * √2 per layer). Layers are compared with the first one because ReLU outputs have no natural scale.
 */
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import { chunks, type Sample } from "./sample.ts";

/** |tanh| above this (sigmoid within this of 0 or 1) counts as saturated: the local gradient is < 2%. */
export const SATURATION = 0.99;
/** Verdict thresholds: share of saturated values or dead units that is too many; std ratio to the first layer. */
export const SATURATED_LIMIT = 0.2;
export const DEAD_LIMIT = 0.5;
export const COLLAPSE_RATIO = 0.1;
export const EXPLODE_RATIO = 10;

export interface LayerActivationStats {
  readonly label: string;
  readonly activation: string | null;
  readonly mean: number;
  readonly std: number;
  /** Fraction of values in the flat regions (tanh, sigmoid); undefined for other functions. */
  readonly saturated: number | undefined;
  /** Fraction of units that are zero on every row of the batch (relu); undefined otherwise. */
  readonly dead: number | undefined;
  readonly verdict: "ok" | "collapsed" | "saturated" | "dead" | "exploding";
}

function moments(data: FloatArray, count: number): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += data[i];
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < count; i++) sq += (data[i] - mean) * (data[i] - mean);
  return { mean, std: Math.sqrt(sq / count) };
}

function saturatedShare(fn: string, data: FloatArray, count: number): number | undefined {
  if (fn !== "tanh" && fn !== "sigmoid") return undefined;
  let k = 0;
  for (let i = 0; i < count; i++) {
    const v = data[i];
    if (fn === "tanh" ? Math.abs(v) > SATURATION : v < 1 - SATURATION || v > SATURATION) k++;
  }
  return k / count;
}

function deadShare(data: FloatArray, rows: number, width: number): number {
  let dead = 0;
  for (let j = 0; j < width; j++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = data[r * width + j] > 0;
    if (!alive) dead++;
  }
  return dead / width;
}

/** Runs the first MAX_BATCH rows of the sample forward (evaluation mode) and summarises each nonlinearity's output. */
export function activationStats(model: CompiledModel, sample: Sample): LayerActivationStats[] {
  if (!model.activations) throw new Error("this model was generated without activations(): recompile the spec");
  const c = chunks(model, sample)[0];
  model.forward(c.x, c.n, false);
  const all = model.activations();
  // A separate activation unit is named after the layer feeding it: "h1: dense 784 → 500 + tanh".
  const named = all.map((u, i) =>
    u.activation !== null && u.label === u.activation && i > 0 && all[i - 1].activation === null
      ? { ...u, label: `${all[i - 1].label} + ${u.label}` }
      : u,
  );
  const units = named.some((u) => u.activation !== null) ? named.filter((u) => u.activation !== null && u.activation !== "softmax") : named;
  const rows: LayerActivationStats[] = [];
  let firstStd: number | undefined;
  for (const u of units) {
    const count = c.n * u.width;
    const { mean, std } = moments(u.data, count);
    const fn = u.activation ?? "";
    const saturated = saturatedShare(fn, u.data, count);
    const dead = fn === "relu" ? deadShare(u.data, c.n, u.width) : undefined;
    firstStd ??= std;
    let verdict: LayerActivationStats["verdict"] = "ok";
    if (dead !== undefined && dead > DEAD_LIMIT) verdict = "dead";
    else if (saturated !== undefined && saturated > SATURATED_LIMIT) verdict = "saturated";
    else if (std < COLLAPSE_RATIO * firstStd || std < 1e-6) verdict = "collapsed";
    else if (std > EXPLODE_RATIO * firstStd) verdict = "exploding";
    rows.push({ label: u.label, activation: u.activation, mean, std, saturated, dead, verdict });
  }
  return rows;
}
