import { assembleModule } from "../runtime/wasm/encode.ts";
import { emitKernel } from "../runtime/wasm/updates/lanes.ts";

/*
 * SIMD memory floors for optimizer updates: WebAssembly loops with exactly an update's memory
 * traffic and none of its arithmetic — read p, g and `states` state buffers, write p and the states,
 * one add per store — on the same loop driver as the update kernels (runtime/wasm/updates/lanes.ts:
 * pointer bumping, 2 f32x4 groups per iteration). floor<k>(p, g, s₁ … s_k, n) with byte addresses.
 * B2's floor (Adam: read p, g, m, v; write p, m, v) is floor2.
 */
export const MAX_FLOOR_STATES = 3;

export function simdFloorModuleBytes(): Uint8Array {
  const kernels = [];
  for (let states = 0; states <= MAX_FLOOR_STATES; states++) {
    const arrays = ["p", "g", ...Array.from({ length: states }, (_, i) => `s${i}`)];
    kernels.push(
      emitKernel(`floor${states}`, arrays, [], (L, a) => {
        const g = L.let(L.load(a.g));
        for (let i = 0; i < states; i++) L.store(a[`s${i}`], L.add(L.load(a[`s${i}`]), g));
        L.store(a.p, L.sub(L.load(a.p), g));
      }),
    );
  }
  return assembleModule(kernels);
}
