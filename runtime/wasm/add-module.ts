import { F32, FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";
import { reluGradMask, reluLanes, reluScalar } from "./lane-ops.ts";

/*
 * The memory-moving element-wise kernels, in f32x4 lanes: the data-parallel gradient reduction
 * (runtime/parallel), which adds each replica's gradients into the model's every step, and a graph
 * model's merges and gradient hand-overs (runtime/dispatch/merge.ts), a few million floats a step on a
 * ResNet. Each element is one f32 addition (or a copy), exactly what the TypeScript loop's float64 add
 * rounded to float32 gives, so the results do not depend on which path ran.
 *   add(dst, src, n)       dst += src
 *   sum(a, b, out, n)      out = a + b   (out may alias a or b)
 *   sum_relu(a, b, out, n) out = ReLU(a + b): a residual block's merge and the ReLU after it, in one pass
 *   copy(src, dst, n)      dst = src     (the ranges must not overlap unless equal)
 *   grad_sum[_relu][_into](y, g, pending, out, n)
 *                          g = g + pending, through the ReLU's mask (y > 0) with _relu; then out = g, or out += g
 *                          with _into: a residual merge's backward when its output's gradient comes in two parts (the
 *                          next step's, in g, and the shortcut's, in pending), in one pass instead of three
 */

function emitAdd(): FunctionBuilder {
  const f = new FunctionBuilder("add", [I32, I32, I32]);
  const [dst, src, n] = [0, 1, 2];
  lanes(f, n, (vec, off) => sumAt(f, vec, off, dst, src, dst));
  return f;
}

function emitSum(relu: boolean): FunctionBuilder {
  const f = new FunctionBuilder(relu ? "sum_relu" : "sum", [I32, I32, I32, I32]);
  const [a, b, out, n] = [0, 1, 2, 3];
  const clip = relu ? { v: f.local(V128), s: f.local(F32) } : undefined;
  lanes(f, n, (vec, off) => sumAt(f, vec, off, a, b, out, clip));
  return f;
}

/** out[off] = a[off] + b[off], four lanes or one; with `clip`'s locals, then ReLU (NaN → 0, as relu-module.ts). */
function sumAt(f: FunctionBuilder, vec: boolean, off: number, a: number, b: number, out: number, clip?: { v: number; s: number }): void {
  at(f, out, off);
  at(f, a, off);
  if (vec) f.v128Load();
  else f.f32Load();
  at(f, b, off);
  if (vec) {
    f.v128Load();
    f.simd(simdOp.f32x4Add);
    if (clip) reluLanes(f, clip.v);
    f.v128Store();
  } else {
    f.f32Load();
    f.op(op.f32Add);
    if (clip) reluScalar(f, clip.s);
    f.f32Store();
  }
}

function emitCopy(): FunctionBuilder {
  const f = new FunctionBuilder("copy", [I32, I32, I32]);
  const [src, dst, n] = [0, 1, 2];
  lanes(f, n, (vec, off) => {
    at(f, dst, off);
    at(f, src, off);
    if (vec) {
      f.v128Load();
      f.v128Store();
    } else {
      f.f32Load();
      f.f32Store();
    }
  });
  return f;
}

export type GradSumName = "grad_sum" | "grad_sum_relu" | "grad_sum_into" | "grad_sum_relu_into";

export function gradSumName(relu: boolean, into: boolean): GradSumName {
  return `grad_sum${relu ? "_relu" : ""}${into ? "_into" : ""}`;
}

/** The same additions and mask as add, then relu_grad (relu-module.ts), then copy or add: the same bits as those passes. */
function emitGradSum(relu: boolean, into: boolean): FunctionBuilder {
  const f = new FunctionBuilder(gradSumName(relu, into), [I32, I32, I32, I32, I32]);
  const [y, g, pending, out, n] = [0, 1, 2, 3, 4];
  const [v, zero, s] = [f.local(V128), f.local(V128), f.local(F32)];
  f.v128Zero();
  f.set(zero);
  lanes(f, n, (vec, off) => {
    const [load, store] = vec ? [() => f.v128Load(), () => f.v128Store()] : [() => f.f32Load(), () => f.f32Store()];
    at(f, g, off);
    load();
    at(f, pending, off);
    load();
    if (vec) f.simd(simdOp.f32x4Add);
    else f.op(op.f32Add);
    if (relu) reluGradMask(f, vec, zero, () => at(f, y, off));
    f.set(vec ? v : s);
    at(f, g, off);
    f.get(vec ? v : s);
    store();
    at(f, out, off);
    if (into) {
      at(f, out, off);
      load();
      f.get(vec ? v : s);
      if (vec) f.simd(simdOp.f32x4Add);
      else f.op(op.f32Add);
    } else f.get(vec ? v : s);
    store();
  });
  return f;
}

/** The module's bytes; exports add, sum, copy, sum_relu and the four grad_sum variants. */
export function addModuleBytes(): Uint8Array {
  return assembleModule([
    emitAdd(),
    emitSum(false),
    emitCopy(),
    emitSum(true),
    ...[false, true].flatMap((relu) => [false, true].map((into) => emitGradSum(relu, into))),
  ]);
}
