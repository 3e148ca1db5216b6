import { FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";

/*
 * Whether n floats are all finite, for the training loop's per-step divergence test: x − x is 0 for a
 * finite x and NaN for NaN or ±Inf, so OR-ing the lane masks (d ≠ d) over the array flags any of them,
 * with no sum that could overflow.
 *   nonfinite(p, n, out):  i32 at out = 1 when some p[i] is NaN or ±Inf, else 0
 */

const V128_ANY_TRUE = 0x53;

function emitNonfinite(): FunctionBuilder {
  const f = new FunctionBuilder("nonfinite", [I32, I32, I32]);
  const [p, n, out] = [0, 1, 2];
  const acc = f.local(V128),
    d = f.local(V128),
    bad = f.local(I32);
  f.v128Zero();
  f.set(acc);
  f.i32(0);
  f.set(bad);
  lanes(f, n, (vec, off) => {
    if (vec) {
      at(f, p, off);
      f.v128Load();
      f.tee(d);
      f.get(d);
      f.simd(simdOp.f32x4Sub);
      f.tee(d);
      f.get(d);
      f.simd(simdOp.f32x4Ne);
      f.get(acc);
      f.simd(simdOp.v128Or);
      f.set(acc);
    } else {
      at(f, p, off);
      f.f32Load();
      at(f, p, off);
      f.f32Load();
      f.op(op.f32Sub);
      at(f, p, off);
      f.f32Load();
      at(f, p, off);
      f.f32Load();
      f.op(op.f32Sub);
      f.op(op.f32Ne);
      f.get(bad);
      f.op(op.i32Or);
      f.set(bad);
    }
  });
  f.get(out);
  f.get(acc);
  f.simd(V128_ANY_TRUE);
  f.get(bad);
  f.op(op.i32Or);
  f.i32Store();
  return f;
}

/** The module's bytes; exports nonfinite. */
export function finiteModuleBytes(): Uint8Array {
  return assembleModule([emitNonfinite()]);
}
