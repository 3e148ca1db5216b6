import { FunctionBuilder, op, simdOp, V128 } from "./encode.ts";
import { optionalRelu } from "./lane-ops.ts";

/* Instruction helpers shared by the Winograd transforms (runtime/wasm/winograd-module.ts). */

export const FLOATS = 4;

/** Pushes base + 4·(index local) as an address. */
export function addr(f: FunctionBuilder, base: number, index: number): void {
  f.get(base);
  f.get(index);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
}

/** dst[0…n) = src[0…n) (byte addresses in locals; n floats), four lanes at a time, then one at a time. */
export function copyFloats(f: FunctionBuilder, dst: number, src: number, n: number, j: number, n4: number): void {
  f.get(n);
  f.i32(-4);
  f.op(op.i32And);
  f.set(n4);
  f.forRange(
    j,
    () => f.i32(0),
    () => f.get(n4),
    FLOATS,
    () => {
      addr(f, dst, j);
      addr(f, src, j);
      f.v128Load();
      f.v128Store();
    },
  );
  f.forRange(
    j,
    () => f.get(n4),
    () => f.get(n),
    1,
    () => {
      addr(f, dst, j);
      addr(f, src, j);
      f.f32Load();
      f.f32Store();
    },
  );
}

/** Leaves a ∘ b in local `to` (∘ an f32x4 opcode). */
export function combine(f: FunctionBuilder, to: number, a: number, b: number, opcode: number): void {
  f.get(a);
  f.get(b);
  f.simd(opcode);
  f.set(to);
}

/**
 * The bias and ReLU of a Winograd output transform. `start` splats the function's constants (call it once, before
 * the loops), `channel(o)` splats output o's bias (zero when the bias address is 0), and `apply(q)` sets the f32x4
 * local q to q + bias where that is positive or ReLU is off, else 0 (NaN to 0, as the im2col module's permute does).
 */
export function biasRelu(f: FunctionBuilder, bias: number, relu: number) {
  const bv = f.local(V128);
  const clip = optionalRelu(f, relu);
  return {
    start(): void {
      clip.start();
    },
    channel(o: number): void {
      f.v128Zero();
      f.set(bv);
      f.get(bias);
      f.if(() => {
        addr(f, bias, o);
        f.v128Load32Splat();
        f.set(bv);
      });
    },
    apply(q: number): void {
      f.get(q);
      f.get(bv);
      f.simd(simdOp.f32x4Add);
      clip.apply();
      f.set(q);
    },
  };
}

/** Sets local `cell` to plane + 4·((2·ty + i)·Wq + 2·tx): row i of F(2×2, 3×3) tile row ty, at tile tx's first column. */
export function tileRowCell(f: FunctionBuilder, plane: number, ty: number, tx: number, i: number, Wq: number, cell: number): void {
  f.get(ty);
  f.i32(1);
  f.op(op.i32Shl);
  f.i32(i);
  f.op(op.i32Add);
  f.get(Wq);
  f.op(op.i32Mul);
  f.get(tx);
  f.i32(1);
  f.op(op.i32Shl);
  f.op(op.i32Add);
  f.i32(2);
  f.op(op.i32Shl);
  f.get(plane);
  f.op(op.i32Add);
  f.set(cell);
}
