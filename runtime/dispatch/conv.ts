/*
 * Convolution as generated code calls it. Float32 models on an Arena with SIMD run the whole batch
 * in runtime/wasm/conv.ts (three large products, or Winograd); when that declines, the per-sample
 * lowering of runtime/kernels/conv.ts runs on this layer's operations: im2col/col2im and the products
 * in WebAssembly where they take the call, and a float32 column buffer inside the model's own Arena
 * so the products need no staging copies (a float64 column buffer would send every product to the
 * TypeScript reference loops). Anything else gets the reference's float64 column buffer.
 */
import { arenaOf, type Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/conv.ts";
import type { ConvGeometry, ConvOps } from "../kernels/conv.ts";
import { batchedConvBackward, batchedConvForward } from "../wasm/conv.ts";
import { wasmCol2im, wasmIm2col } from "../wasm/im2col.ts";
import { simdEnabled } from "../wasm/simd.ts";
import { matmulNN, matmulNT, matmulTN } from "./gemm.ts";

const arenaColumns = new WeakMap<Arena, Float32Array>();

/** A column buffer of at least `size` floats suited to the model whose buffer `like` is. */
function columnsFor(like: FloatArray, size: number): FloatArray {
  const arena = simdEnabled && like instanceof Float32Array ? arenaOf(like) : null;
  if (arena === null) return reference.referenceColumns(like, size);
  let col = arenaColumns.get(arena);
  if (col === undefined || col.length < size) {
    col = arena.floats("f32", Math.max(size, 2 * (col?.length ?? 0))) as Float32Array;
    arenaColumns.set(arena, col);
  }
  return col;
}

/** col[C·k·k, OH·OW] of sample `b`. */
export function im2col(g: ConvGeometry, x: FloatArray, xOff: number, col: FloatArray): void {
  if (wasmIm2col(g, x, xOff, col)) return;
  reference.im2col(g, x, xOff, col);
}

/** dx[b] += the entries of dcol summed back onto the pixels im2col read them from. */
export function col2im(g: ConvGeometry, dcol: FloatArray, dx: FloatArray, dxOff: number): void {
  if (wasmCol2im(g, dcol, dx, dxOff)) return;
  reference.col2im(g, dcol, dx, dxOff);
}

const dispatchedOps: ConvOps = { matmulNN, matmulNT, matmulTN, im2col, col2im, columns: columnsFor };

/** y = conv(x, w) + bias, then ReLU when `relu` (the fused conv + bias + activation epilogue). */
export function conv2dForward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  bias: FloatArray | null,
  bOff: number,
  y: FloatArray,
  yOff: number,
  relu: boolean,
): void {
  if (batchedConvForward(n, g, x, xOff, w, wOff, bias, bOff, y, yOff, relu)) return;
  reference.conv2dForward(n, g, x, xOff, w, wOff, bias, bOff, y, yOff, relu, dispatchedOps);
}

/**
 * Backward of conv2dForward given dy (after any fused activation's own backward). Adds the weight
 * and bias gradients into dw/dbias when they are given; writes dx when it is given (dx must not alias dy).
 */
export function conv2dBackward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  dy: FloatArray,
  dyOff: number,
  dw: FloatArray | null,
  dwOff: number,
  dbias: FloatArray | null,
  dbOff: number,
  dx: FloatArray | null,
  dxOff: number,
): void {
  if (batchedConvBackward(n, g, x, xOff, w, wOff, dy, dyOff, dw, dwOff, dbias, dbOff, dx, dxOff)) return;
  reference.conv2dBackward(n, g, x, xOff, w, wOff, dy, dyOff, dw, dwOff, dbias, dbOff, dx, dxOff, dispatchedOps);
}
