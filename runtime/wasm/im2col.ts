import type { ConvGeometry } from "../kernels/conv.ts";
import type { FloatArray } from "../types.ts";
import { im2colModuleBytes } from "./im2col-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/* Dispatch from conv.ts's im2col/col2im to the WebAssembly module (float32 buffers of one Arena). */

export function wasmIm2col(g: ConvGeometry, x: FloatArray, xOff: number, col: FloatArray): boolean {
  const arena = commonArena(simdEnabled, x, col);
  if (arena === null) return false;
  kernelsFor(arena, im2colModuleBytes).im2col(
    x.byteOffset + 4 * xOff,
    col.byteOffset,
    g.C,
    g.H,
    g.W,
    g.OH,
    g.OW,
    g.k,
    g.stride,
    g.pad,
    g.dil,
    g.OH * g.OW,
  );
  return true;
}

export function wasmCol2im(g: ConvGeometry, col: FloatArray, dx: FloatArray, dxOff: number): boolean {
  const arena = commonArena(simdEnabled, col, dx);
  if (arena === null) return false;
  kernelsFor(arena, im2colModuleBytes).col2im(
    col.byteOffset,
    dx.byteOffset + 4 * dxOff,
    g.C,
    g.H,
    g.W,
    g.OH,
    g.OW,
    g.k,
    g.stride,
    g.pad,
    g.dil,
    g.OH * g.OW,
  );
  return true;
}
