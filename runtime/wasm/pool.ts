import type { PoolGeometry } from "../kernels/pool.ts";
import type { FloatArray } from "../types.ts";
import { runSliced } from "./conv-threads.ts";
import { commonArena } from "./instances.ts";
import { poolModuleBytes } from "./pool-module.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Dispatch from max pooling to the WebAssembly module (no padding; float32 buffers of one Arena). A large batch
 * is split into slices of samples across the helper threads; each sample's outputs are computed alone, so the
 * results are the same bytes on any number of threads.
 */

const POOL = { bytes: poolModuleBytes, names: ["max_fwd", "max2_fwd", "max_bwd"] as const };

export function wasmMaxPoolForward(
  n: number,
  g: PoolGeometry,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  argmax: Int32Array,
  aOff: number,
): boolean {
  if (g.pad !== 0) return false;
  const arena = commonArena(simdEnabled, x, y, argmax);
  if (arena === null) return false;
  const [xa, ya, aa] = [x.byteOffset + 4 * xOff, y.byteOffset + 4 * yOff, argmax.byteOffset + 4 * aOff];
  const [inBytes, outBytes] = [4 * g.C * g.H * g.W, 4 * g.C * g.OH * g.OW];
  const at = (b0: number): number[] => [xa + b0 * inBytes, ya + b0 * outBytes, aa + b0 * outBytes];
  if (g.k === 2 && g.stride === 2)
    runSliced(arena, POOL, n, (n * inBytes) / 4, "max2_fwd", (b0, nb) => [...at(b0), nb, g.C, g.H, g.W, g.OH, g.OW]);
  else runSliced(arena, POOL, n, (n * inBytes) / 4, "max_fwd", (b0, nb) => [...at(b0), nb, g.C, g.H, g.W, g.OH, g.OW, g.k, g.stride]);
  return true;
}

export function wasmMaxPoolBackward(
  n: number,
  g: PoolGeometry,
  dy: FloatArray,
  dyOff: number,
  argmax: Int32Array,
  aOff: number,
  dx: FloatArray,
  dxOff: number,
): boolean {
  const arena = commonArena(simdEnabled, dy, argmax, dx);
  if (arena === null) return false;
  const [inSize, outSize] = [g.C * g.H * g.W, g.C * g.OH * g.OW];
  const [dya, aa, dxa] = [dy.byteOffset + 4 * dyOff, argmax.byteOffset + 4 * aOff, dx.byteOffset + 4 * dxOff];
  runSliced(arena, POOL, n, n * inSize, "max_bwd", (b0, nb) => [
    dya + 4 * b0 * outSize,
    aa + 4 * b0 * outSize,
    dxa + 4 * b0 * inSize,
    nb,
    inSize,
    outSize,
  ]);
  return true;
}
