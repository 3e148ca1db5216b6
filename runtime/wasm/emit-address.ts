import { FunctionBuilder, op } from "./encode.ts";

/*
 * Address arithmetic the emitters share: byte addresses of floats in [C, H, W] planes and the pointer bumps of their
 * loops. Every helper pushes i32s or updates an i32 local; none owns memory.
 */

/** local += value (an i32 the callback pushes). */
export function advance(f: FunctionBuilder, local: number, value: () => void): void {
  f.get(local);
  value();
  f.op(op.i32Add);
  f.set(local);
}

/** Pushes local · 4 (floats to bytes). */
export function bytesOf(f: FunctionBuilder, local: number): void {
  f.get(local);
  f.i32(2);
  f.op(op.i32Shl);
}

/** Pushes base + 4·(the product of the `factors` locals): the byte address of a float at base, e.g. plane c of [C, H, W]. */
export function floatAddress(f: FunctionBuilder, base: number, factors: readonly number[]): void {
  f.get(base);
  factors.forEach((factor, i) => {
    f.get(factor);
    if (i > 0) f.op(op.i32Mul);
  });
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
}

/** Pushes the byte address of x[c, yy, xoff] in an image [C, H, W] at byte address x (xoff null: pixel 0 of the row). */
export function imageAddress(f: FunctionBuilder, x: number, c: number, H: number, yy: number, W: number, xoff: number | null): void {
  f.get(x);
  f.get(c);
  f.get(H);
  f.op(op.i32Mul);
  f.get(yy);
  f.op(op.i32Add);
  f.get(W);
  f.op(op.i32Mul);
  if (xoff !== null) {
    f.get(xoff);
    f.op(op.i32Add);
  }
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
}
