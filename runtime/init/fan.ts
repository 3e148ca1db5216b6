import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";
import { initNormal, initUniform } from "./basic.ts";

/*
 * Fan-scaled initializers for a dense weight [fanOut, fanIn] (PyTorch: fan_in = in_features,
 * fan_out = out_features); `a` is that weight, fanIn·fanOut elements. `gain` comes from calculateGain.
 */

/** `a`, checked to be the fanOut × fanIn matrix the fans describe. */
function matrix(a: FloatArray, fanIn: number, fanOut: number): FloatArray {
  if (a.length !== fanIn * fanOut)
    throw new RangeError(`a ${fanOut} × ${fanIn} weight has ${fanIn * fanOut} elements, got a tensor of ${a.length}`);
  return a;
}

export type FanMode = "fan_in" | "fan_out";

/** Xavier/Glorot normal: std = gain·√(2/(fanIn + fanOut)). */
export function initXavierNormal(a: FloatArray, fanIn: number, fanOut: number, gain: number, rng: Rng): void {
  initNormal(matrix(a, fanIn, fanOut), 0, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
}

/** Xavier/Glorot uniform: U(±gain·√(6/(fanIn + fanOut))). */
export function initXavierUniform(a: FloatArray, fanIn: number, fanOut: number, gain: number, rng: Rng): void {
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  initUniform(matrix(a, fanIn, fanOut), -bound, bound, rng);
}

function pickFan(fanIn: number, fanOut: number, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") throw new RangeError(`mode must be fan_in or fan_out, got ${String(mode)}`);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Kaiming/He normal: std = gain/√fan. */
export function initHeNormal(a: FloatArray, fanIn: number, fanOut: number, mode: FanMode, gain: number, rng: Rng): void {
  initNormal(matrix(a, fanIn, fanOut), 0, gain / Math.sqrt(pickFan(fanIn, fanOut, mode)), rng);
}

/** Kaiming/He uniform: U(±gain·√(3/fan)). */
export function initHeUniform(a: FloatArray, fanIn: number, fanOut: number, mode: FanMode, gain: number, rng: Rng): void {
  const bound = gain * Math.sqrt(3 / pickFan(fanIn, fanOut, mode));
  initUniform(matrix(a, fanIn, fanOut), -bound, bound, rng);
}

/** nn.Linear's weight default, kaiming_uniform(a = √5): gain √(1/3), so U(±1/√fanIn). */
export function initPytorchDefaultWeight(a: FloatArray, fanIn: number, fanOut: number, rng: Rng): void {
  const bound = 1 / Math.sqrt(fanIn);
  initUniform(matrix(a, fanIn, fanOut), -bound, bound, rng);
}

/** nn.Linear's bias default: U(±1/√fanIn) (0 when fanIn = 0). */
export function initPytorchDefaultBias(a: FloatArray, fanIn: number, rng: Rng): void {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  initUniform(a, -bound, bound, rng);
}
