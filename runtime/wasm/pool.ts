import type { PoolGeometry } from "../kernels/pool.ts";
import type { FloatArray } from "../types.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { poolModuleBytes } from "./pool-module.ts";
import { simdEnabled } from "./simd.ts";

/* Dispatch from max pooling to the WebAssembly module (no padding; float32 buffers of one Arena). */

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
  const k = kernelsFor(arena, poolModuleBytes);
  const [xa, ya, aa] = [x.byteOffset + 4 * xOff, y.byteOffset + 4 * yOff, argmax.byteOffset + 4 * aOff];
  if (g.k === 2 && g.stride === 2) k.max2_fwd(xa, ya, aa, n, g.C, g.H, g.W, g.OH, g.OW);
  else k.max_fwd(xa, ya, aa, n, g.C, g.H, g.W, g.OH, g.OW, g.k, g.stride);
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
  kernelsFor(arena, poolModuleBytes).max_bwd(
    dy.byteOffset + 4 * dyOff,
    argmax.byteOffset + 4 * aOff,
    dx.byteOffset + 4 * dxOff,
    n,
    g.C * g.H * g.W,
    g.C * g.OH * g.OW,
  );
  return true;
}
