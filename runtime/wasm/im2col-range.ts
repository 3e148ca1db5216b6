import { FunctionBuilder, op } from "./encode.ts";

/*
 * The output columns j whose input pixel of kernel column v lies inside the image, for im2col and col2im
 * (runtime/wasm/im2col-module.ts): 0 ≤ j·stride + v·dil − pad < W holds exactly for j in [j0, j1), so the
 * copy loop needs no per-pixel bounds test.
 */

/** Local indices of the function being emitted. */
interface Inputs {
  readonly v: number;
  readonly dil: number;
  readonly pad: number;
  readonly stride: number;
  readonly W: number;
  readonly OW: number;
}

/** Sets the locals xoff = v·dil − pad and the range [j0, j1) (j0 ≤ j1); `t` is scratch. */
export function emitColumnRange(
  f: FunctionBuilder,
  { v, dil, pad, stride, W, OW }: Inputs,
  { xoff, j0, j1, t }: { readonly xoff: number; readonly j0: number; readonly j1: number; readonly t: number },
): void {
  // xoff = v·dil − pad; valid j: 0 ≤ j·stride + xoff < W.
  f.get(v);
  f.get(dil);
  f.op(op.i32Mul);
  f.get(pad);
  f.op(op.i32Sub);
  f.set(xoff);
  // j0 = xoff ≥ 0 ? 0 : ceil(−xoff / stride)
  f.i32(0);
  f.i32(0);
  f.get(xoff);
  f.op(op.i32Sub);
  f.get(stride);
  f.op(op.i32Add);
  f.i32(1);
  f.op(op.i32Sub);
  f.get(stride);
  f.op(op.i32DivS);
  f.get(xoff);
  f.i32(0);
  f.op(op.i32GeS);
  f.select();
  f.set(j0);
  // j1 = W − 1 − xoff < 0 ? 0 : min(OW, (W − 1 − xoff)/stride + 1)
  f.get(W);
  f.i32(1);
  f.op(op.i32Sub);
  f.get(xoff);
  f.op(op.i32Sub);
  f.set(t);
  f.get(t);
  f.get(stride);
  f.op(op.i32DivS);
  f.i32(1);
  f.op(op.i32Add);
  f.set(j1);
  f.get(j1);
  f.get(OW);
  f.get(j1);
  f.get(OW);
  f.op(op.i32LtS);
  f.select();
  f.set(j1);
  f.i32(0);
  f.get(j1);
  f.get(t);
  f.i32(0);
  f.op(op.i32LtS);
  f.select();
  f.set(j1);
  f.get(j0);
  f.get(j1);
  f.get(j0);
  f.get(j1);
  f.op(op.i32LtS);
  f.select();
  f.set(j0); // j0 ≤ j1
}
