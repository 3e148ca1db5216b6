import { FunctionBuilder, I32, assembleModule, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";

/*
 * dst += src over n floats in f32x4 lanes: the data-parallel gradient reduction (runtime/parallel),
 * which adds each replica's gradients into the model's every step. Each element is one f32 addition,
 * exactly what the TypeScript loop's float64 add rounded to float32 gives, so the results do not
 * depend on which path ran.
 *   add(dst, src, n)
 */

function emitAdd(): FunctionBuilder {
  const f = new FunctionBuilder("add", [I32, I32, I32]);
  const [dst, src, n] = [0, 1, 2];
  lanes(f, n, (vec, off) => {
    at(f, dst, off);
    if (vec) {
      at(f, dst, off);
      f.v128Load();
      at(f, src, off);
      f.v128Load();
      f.simd(simdOp.f32x4Add);
      f.v128Store();
    } else {
      at(f, dst, off);
      f.f32Load();
      at(f, src, off);
      f.f32Load();
      f.op(op.f32Add);
      f.f32Store();
    }
  });
  return f;
}

/** The module's bytes; exports add. */
export function addModuleBytes(): Uint8Array {
  return assembleModule([emitAdd()]);
}
