import type { Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { adamModuleBytes } from "./adam-module.ts";
import { arenaOf } from "./registry.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Dispatch from adamUpdate to the SIMD update when the four buffers are float32 views of one
 * Arena and the step needs none of the rarer terms (amsgrad, L1, clip-by-value); returns false
 * otherwise and the TypeScript loop runs. Arithmetic is float32 (the loop's is float64, rounded
 * at each store), a difference of an ulp or so per step.
 */

type AdamExport = (...args: number[]) => void;

let compiled: WebAssembly.Module | null = null;
const instances = new WeakMap<Arena, AdamExport>();

function kernelOf(arena: Arena): AdamExport {
  let k = instances.get(arena);
  if (k === undefined) {
    compiled ??= new WebAssembly.Module(adamModuleBytes() as Uint8Array<ArrayBuffer>);
    k = new WebAssembly.Instance(compiled, { env: { memory: arena.memory } }).exports.adam as AdamExport;
    instances.set(arena, k);
  }
  return k;
}

export function simdAdamUpdate(
  p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, start: number, end: number,
  stepSize: number, beta1: number, beta2: number, eps: number, sqrtBc2: number, amsgrad: boolean,
  weightDecay: number, decoupledDecay: number, l2x: number, l1: number, clipValue: number, clipScale: number,
): boolean {
  if (!simdEnabled || amsgrad || l1 !== 0 || clipValue !== Infinity || end <= start) return false;
  if (!(p instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array)) return false;
  const arena = arenaOf(p);
  if (arena === null || arenaOf(g) !== arena || arenaOf(m) !== arena || arenaOf(v) !== arena) return false;
  const at = (x: Float32Array): number => x.byteOffset + 4 * start;
  kernelOf(arena)(
    at(p), at(g), at(m), at(v), end - start,
    stepSize, beta1, 1 - beta1, beta2, 1 - beta2, 1 / sqrtBc2, eps, 1 - decoupledDecay, weightDecay, l2x, clipScale,
  );
  return true;
}
