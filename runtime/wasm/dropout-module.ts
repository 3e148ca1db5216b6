import { assembleModule, F64, FunctionBuilder, I32, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";

/*
 * Dropout's two passes (runtime/kernels/dropout.ts is the reference; runtime/wasm/dropout.ts dispatches):
 *   dropout(x, y, mask, n, p, scale, state)
 *       For each element in order, two draws of xoshiro128** (runtime/rng.ts; its four state words at `state`,
 *       read and written back) make u = (hi·2²⁶ + lo)·2⁻⁵³, a float64 in [0, 1); m = u < p ? 0 : scale,
 *       mask[i] = m, y[i] = x[i]·m in float64 rounded to float32. The same stream and the same bytes as the
 *       reference, which spends most of its time in the generator's JavaScript.
 *   dropout_grad(mask, dy, dx, n)
 *       dx = dy·mask in f32x4 lanes (dx may alias dy). A product of two float32 values is exact in float64, so
 *       this rounds as the reference's does.
 */

/** Pushes xoshiro128**'s next uint32 from the state locals s and advances them (runtime/rng.ts's nextU32). */
function nextU32(f: FunctionBuilder, s: readonly number[], t: number): void {
  const [s0, s1, s2, s3] = s;
  const xorInto = (into: number, from: number) => {
    f.get(into);
    f.get(from);
    f.op(op.i32Xor);
    f.set(into);
  };
  // result = rotl(s1·5, 7)·9
  f.get(s1);
  f.i32(5);
  f.op(op.i32Mul);
  f.i32(7);
  f.op(op.i32Rotl);
  f.i32(9);
  f.op(op.i32Mul);
  f.get(s1);
  f.i32(9);
  f.op(op.i32Shl);
  f.set(t);
  xorInto(s2, s0);
  xorInto(s3, s1);
  xorInto(s1, s2);
  xorInto(s0, s3);
  xorInto(s2, t);
  f.get(s3);
  f.i32(11);
  f.op(op.i32Rotl);
  f.set(s3);
}

function emitDropout(): FunctionBuilder {
  const f = new FunctionBuilder("dropout", [I32, I32, I32, I32, F64, F64, I32]);
  const [x, y, mask, n, p, scale, state] = [0, 1, 2, 3, 4, 5, 6];
  const s = Array.from({ length: 4 }, () => f.local(I32));
  const [t, i, off] = [f.local(I32), f.local(I32), f.local(I32)];
  const m = f.local(F64);
  s.forEach((word, k) => {
    f.get(state);
    f.i32Load(4 * k);
    f.set(word);
  });
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    1,
    () => {
      // u = ((next >>> 5)·2²⁶ + (next >>> 6))·2⁻⁵³, m = (u ≥ p)·scale: 0 or scale, as (u < p ? 0 : scale) but
      // without a select, which V8 compiles into a branch that mispredicts on random draws.
      nextU32(f, s, t);
      f.i32(5);
      f.op(op.i32ShrU);
      f.op(op.f64ConvertI32U);
      f.f64(67108864);
      f.op(op.f64Mul);
      nextU32(f, s, t);
      f.i32(6);
      f.op(op.i32ShrU);
      f.op(op.f64ConvertI32U);
      f.op(op.f64Add);
      f.f64(2 ** -53);
      f.op(op.f64Mul);
      f.get(p);
      f.op(op.f64Ge);
      f.op(op.f64ConvertI32U);
      f.get(scale);
      f.op(op.f64Mul);
      f.set(m);
      f.get(i);
      f.i32(2);
      f.op(op.i32Shl);
      f.set(off);
      at(f, mask, off);
      f.get(m);
      f.op(op.f32DemoteF64);
      f.f32Store();
      at(f, y, off);
      at(f, x, off);
      f.f32Load();
      f.op(op.f64PromoteF32);
      f.get(m);
      f.op(op.f64Mul);
      f.op(op.f32DemoteF64);
      f.f32Store();
    },
  );
  s.forEach((word, k) => {
    f.get(state);
    f.get(word);
    f.i32Store(4 * k);
  });
  return f;
}

function emitDropoutGrad(): FunctionBuilder {
  const f = new FunctionBuilder("dropout_grad", [I32, I32, I32, I32]);
  const [mask, dy, dx, n] = [0, 1, 2, 3];
  lanes(f, n, (vec, off) => {
    at(f, dx, off);
    at(f, dy, off);
    if (vec) f.v128Load();
    else f.f32Load();
    at(f, mask, off);
    if (vec) {
      f.v128Load();
      f.simd(simdOp.f32x4Mul);
      f.v128Store();
    } else {
      f.f32Load();
      f.op(op.f32Mul);
      f.f32Store();
    }
  });
  return f;
}

/** The module's bytes; exports dropout and dropout_grad. */
export function dropoutModuleBytes(): Uint8Array {
  return assembleModule([emitDropout(), emitDropoutGrad()]);
}
