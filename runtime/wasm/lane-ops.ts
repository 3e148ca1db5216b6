import { type FunctionBuilder, op, simdOp, V128 } from "./encode.ts";

/*
 * Instruction helpers on values in lanes, shared by the kernels: the ReLUs (fixed or switched at run time), a
 * branch-free f32 select, and the even/odd split of a stride-2 row. Loops and addresses are emit-loops.ts's.
 */

/**
 * Pushes cond ? a : b for f32 locals a, b and i32 local cond. V8 compiles an f32 select into a branch (x64 has no
 * conditional move for xmm registers), and on data such as a pooling window's winners that branch mispredicts half
 * the time; an i32 select of the bits becomes a conditional move. The result is the same bits.
 */
export function selectF32(f: FunctionBuilder, a: number, b: number, cond: number): void {
  f.get(a);
  f.op(op.i32ReinterpretF32);
  f.get(b);
  f.op(op.i32ReinterpretF32);
  f.get(cond);
  f.select();
  f.op(op.f32ReinterpretI32);
}

/** Replaces the f32x4 on the stack by its ReLU, through local `v`: each lane ANDed with its (lane > 0) mask. */
export function reluLanes(f: FunctionBuilder, v: number): void {
  f.tee(v);
  f.get(v);
  f.v128Zero();
  f.simd(simdOp.f32x4Gt);
  f.simd(simdOp.v128And);
}

/** Replaces the f32 on the stack by its ReLU, through local `s`: s > 0 ? s : 0, as an i32 select of the bits (selectF32). */
export function reluScalar(f: FunctionBuilder, s: number): void {
  f.tee(s);
  f.op(op.i32ReinterpretF32);
  f.i32(0);
  f.get(s);
  f.f32(0);
  f.op(op.f32Gt);
  f.select();
  f.op(op.f32ReinterpretI32);
}

/**
 * Replaces the gradient on the stack (an f32x4 with `vec`, else an f32) by itself where y > 0, else +0: ReLU's backward
 * through its output y, whose address `pushY` pushes; `zero` is an f32x4 local holding zeros. NaN in y gives 0.
 */
export function reluGradMask(f: FunctionBuilder, vec: boolean, zero: number, pushY: () => void): void {
  if (vec) {
    pushY();
    f.v128Load();
    f.get(zero);
    f.simd(simdOp.f32x4Gt);
    f.simd(simdOp.v128And);
    return;
  }
  f.f32(0);
  pushY();
  f.f32Load();
  f.f32(0);
  f.op(op.f32Gt);
  f.select();
}

/**
 * A ReLU switched by an i32 parameter at run time (the fused epilogue of a convolution or an affine map). start()
 * sets a mask local once: all ones when `relu` is 0, so every lane is kept, zero otherwise. apply() replaces the
 * f32x4 on the stack by itself where it is > 0 or kept, else +0 (NaN → 0, as relu-module.ts).
 */
export function optionalRelu(f: FunctionBuilder, relu: number) {
  const [keep, v] = [f.local(V128), f.local(V128)];
  return {
    start(): void {
      f.get(relu);
      f.i32(0);
      f.op(op.i32Ne);
      f.i32(1);
      f.op(op.i32Sub);
      f.simd(simdOp.i32x4Splat);
      f.set(keep);
    },
    apply(): void {
      f.tee(v);
      f.get(v);
      f.v128Zero();
      f.simd(simdOp.f32x4Gt);
      f.get(keep);
      f.simd(simdOp.v128Or);
      f.simd(simdOp.v128And);
    },
  };
}

/** Pushes the even floats (0, 2, 4, 6) of the eight in f32x4 locals a then b: a stride-2 row's every other value. */
export function evenLanes(f: FunctionBuilder, a: number, b: number): void {
  f.get(a);
  f.get(b);
  f.shuffle32([0, 2, 4, 6]);
}

/** Pushes the odd floats (1, 3, 5, 7) of the eight in f32x4 locals a then b. */
export function oddLanes(f: FunctionBuilder, a: number, b: number): void {
  f.get(a);
  f.get(b);
  f.shuffle32([1, 3, 5, 7]);
}
