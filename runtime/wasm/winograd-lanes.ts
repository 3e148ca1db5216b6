import { FunctionBuilder, op } from "./encode.ts";

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
