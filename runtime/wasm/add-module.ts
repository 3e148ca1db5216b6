import { FunctionBuilder, I32, assembleModule, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";

/*
 * The memory-moving element-wise kernels, in f32x4 lanes: the data-parallel gradient reduction
 * (runtime/parallel), which adds each replica's gradients into the model's every step, and a graph
 * model's merges and gradient hand-overs (runtime/dispatch/merge.ts), a few million floats a step on a
 * ResNet. Each element is one f32 addition (or a copy), exactly what the TypeScript loop's float64 add
 * rounded to float32 gives, so the results do not depend on which path ran.
 *   add(dst, src, n)       dst += src
 *   sum(a, b, out, n)      out = a + b   (out may alias a or b)
 *   copy(src, dst, n)      dst = src     (the ranges must not overlap unless equal)
 */

function emitAdd(): FunctionBuilder {
  const f = new FunctionBuilder("add", [I32, I32, I32]);
  const [dst, src, n] = [0, 1, 2];
  lanes(f, n, (vec, off) => sumAt(f, vec, off, dst, src, dst));
  return f;
}

function emitSum(): FunctionBuilder {
  const f = new FunctionBuilder("sum", [I32, I32, I32, I32]);
  const [a, b, out, n] = [0, 1, 2, 3];
  lanes(f, n, (vec, off) => sumAt(f, vec, off, a, b, out));
  return f;
}

/** out[off] = a[off] + b[off], four lanes or one. */
function sumAt(f: FunctionBuilder, vec: boolean, off: number, a: number, b: number, out: number): void {
  at(f, out, off);
  at(f, a, off);
  if (vec) f.v128Load();
  else f.f32Load();
  at(f, b, off);
  if (vec) {
    f.v128Load();
    f.simd(simdOp.f32x4Add);
    f.v128Store();
  } else {
    f.f32Load();
    f.op(op.f32Add);
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

/** The module's bytes; exports add, sum and copy. */
export function addModuleBytes(): Uint8Array {
  return assembleModule([emitAdd(), emitSum(), emitCopy()]);
}
