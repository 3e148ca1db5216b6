import { Arena } from "../runtime/arena.ts";
import { adamUpdate } from "../runtime/optimizers/adam.ts";
import { fillRandom, time, type Timing } from "./measure.ts";
import { simdFloorModuleBytes } from "./simd-floor.ts";

/** B2: one Adam step over this many float32 parameters. */
export const B2_PARAMS = 1_000_000;

function buffers(n: number): { arena: Arena; p: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array } {
  const arena = new Arena(0);
  const p = fillRandom(arena.floats("f32", n) as Float32Array, 1);
  const g = fillRandom(arena.floats("f32", n) as Float32Array, 2);
  const m = arena.floats("f32", n) as Float32Array;
  const v = arena.floats("f32", n) as Float32Array;
  return { arena, p, g, m, v };
}

/** The optimizer update generated models call (runtime/optimizers/adam.ts), as the B1 spec uses it. */
export async function b2Nnc(): Promise<Timing> {
  const { p, g, m, v } = buffers(B2_PARAMS);
  let t = 0;
  return time(
    () => {
      t++;
      adamUpdate(p, g, m, v, null, 0, B2_PARAMS, 1e-3, 0.9, 0.999, 1e-8, 1 - 0.9 ** t, 1 - 0.999 ** t, false, 0, 0, 0, 0, Infinity, 1);
    },
    50,
    5,
  );
}

/**
 * The memory floor: a loop that only reads the four arrays Adam reads (p, g, m, v) and writes the
 * three it writes (p, m, v), with the least arithmetic that keeps every load and store.
 */
export async function b2Floor(): Promise<Timing> {
  const { p, g, m, v } = buffers(B2_PARAMS);
  return time(
    () => {
      for (let i = 0; i < B2_PARAMS; i++) {
        const gi = g[i];
        m[i] = m[i] + gi;
        v[i] = v[i] + gi;
        p[i] = p[i] - gi;
      }
    },
    50,
    5,
  );
}

/** The same floor with WebAssembly SIMD loads and stores, on the update kernels' loop (bench/simd-floor.ts). */
export async function b2SimdFloor(): Promise<Timing> {
  const { arena, p, g, m, v } = buffers(B2_PARAMS);
  const module = new WebAssembly.Module(simdFloorModuleBytes() as Uint8Array<ArrayBuffer>);
  const floor = new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports.floor2 as (...a: number[]) => void;
  return time(() => floor(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, B2_PARAMS), 50, 5);
}
