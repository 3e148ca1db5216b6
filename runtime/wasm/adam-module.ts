import { F32, FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";

/*
 * Adam/AdamW's fused update in f32x4 lanes, for the common case (no amsgrad, no L1 term, no
 * clip-by-value): one pass reading p, g, m, v and writing p, m, v, i.e. at the memory floor.
 * The formula is runtime/optimizers/adam.ts's, term for term:
 *   gr = (g + l2x·p)·clipScale + weightDecay·p      (at p before decoupled decay)
 *   p ← p·decay;  m ← β1·m + (1−β1)·gr;  v ← β2·v + (1−β2)·gr²
 *   p ← p − stepSize·m / (√v·(1/√bc2) + eps)   (a multiply for the division: one divide per element, not two)
 * adam(p, g, m, v, n, stepSize, beta1, k1, beta2, k2, invSqrtBc2, eps, decay, weightDecay, l2x, clipScale)
 * with p, g, m, v byte addresses and n elements; a scalar loop finishes the last n mod 4.
 */

const SCALARS = ["stepSize", "beta1", "k1", "beta2", "k2", "invSqrtBc2", "eps", "decay", "weightDecay", "l2x", "clipScale"] as const;

function emitAdam(): FunctionBuilder {
  const f = new FunctionBuilder("adam", [I32, I32, I32, I32, I32, ...SCALARS.map((): typeof F32 => F32)]);
  const [p, g, m, v, n] = [0, 1, 2, 3, 4];
  const s = Object.fromEntries(SCALARS.map((name, i) => [name, 5 + i])) as Record<(typeof SCALARS)[number], number>;
  const i = f.local(I32), off = f.local(I32), n4 = f.local(I32);
  const V = V128;
  const splat = Object.fromEntries(SCALARS.map((name) => [name, f.local(V)])) as Record<(typeof SCALARS)[number], number>;
  const pv = f.local(V), gr = f.local(V), mv = f.local(V), vv = f.local(V);
  const ps = f.local(F32), grs = f.local(F32), ms = f.local(F32), vs = f.local(F32);
  for (const name of SCALARS) { f.get(s[name]); f.simd(simdOp.f32x4Splat); f.set(splat[name]); }
  f.get(n); f.i32(-4); f.op(op.i32And); f.set(n4);

  /** One step of the formula with either vector or scalar operations. */
  const body = (vec: boolean): void => {
    const K = vec ? splat : s;
    const [add, sub, mul, div, sqrt] = vec
      ? [() => f.simd(simdOp.f32x4Add), () => f.simd(simdOp.f32x4Sub), () => f.simd(simdOp.f32x4Mul), () => f.simd(simdOp.f32x4Div), () => f.simd(simdOp.f32x4Sqrt)]
      : [() => f.op(op.f32Add), () => f.op(op.f32Sub), () => f.op(op.f32Mul), () => f.op(op.f32Div), () => f.op(op.f32Sqrt)];
    const load = vec ? () => f.v128Load() : () => f.f32Load();
    const store = vec ? () => f.v128Store() : () => f.f32Store();
    const P = vec ? pv : ps, GR = vec ? gr : grs, MV = vec ? mv : ms, VV = vec ? vv : vs;
    const at = (base: number): void => { f.get(base); f.get(off); f.op(op.i32Add); };
    at(p); load(); f.set(P);
    at(g); load(); f.get(K.l2x); f.get(P); mul(); add(); f.get(K.clipScale); mul(); f.get(K.weightDecay); f.get(P); mul(); add(); f.set(GR);
    f.get(P); f.get(K.decay); mul(); f.set(P);
    at(m); f.get(K.beta1); at(m); load(); mul(); f.get(K.k1); f.get(GR); mul(); add(); f.tee(MV); store();
    at(v); f.get(K.beta2); at(v); load(); mul(); f.get(K.k2); f.get(GR); mul(); f.get(GR); mul(); add(); f.tee(VV); store();
    at(p); f.get(P); f.get(K.stepSize); f.get(MV); mul(); f.get(VV); sqrt(); f.get(K.invSqrtBc2); mul(); f.get(K.eps); add(); div(); sub(); store();
  };
  f.forRange(i, () => f.i32(0), () => f.get(n4), 4, () => {
    f.get(i); f.i32(2); f.op(op.i32Shl); f.set(off);
    body(true);
  });
  f.forRange(i, () => f.get(n4), () => f.get(n), 1, () => {
    f.get(i); f.i32(2); f.op(op.i32Shl); f.set(off);
    body(false);
  });
  return f;
}

/** The optimizer module's bytes; exports adam. */
export function adamModuleBytes(): Uint8Array {
  return assembleModule([emitAdam()]);
}
