import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * RMSprop (runtime/optimizers/rmsprop.ts) in f32 lanes:
 *   v ← α·v + (1−α)·gr²;  centered: gavg ← α·gavg + (1−α)·gr, avg = √(v − gavg²) + eps, else avg = √v + eps
 *   momentum: buf ← μ·buf + gr/avg, p ← p − lr·buf;  else p ← p − lr·gr/avg
 * rmsprop[_centered][_momentum](p, g, v[, gavg][, buf], n, lr, alpha, keep, eps[, momentum], …terms).
 */
export const RMSPROP_KERNEL = {
  rmsprop: namesByTerms("rmsprop"),
  rmsprop_momentum: namesByTerms("rmsprop_momentum"),
  rmsprop_centered: namesByTerms("rmsprop_centered"),
  rmsprop_centered_momentum: namesByTerms("rmsprop_centered_momentum"),
} as const;

export function rmspropVariant(centered: boolean, momentum: boolean): keyof typeof RMSPROP_KERNEL {
  return centered ? (momentum ? "rmsprop_centered_momentum" : "rmsprop_centered") : momentum ? "rmsprop_momentum" : "rmsprop";
}

function emit(centered: boolean, momentum: boolean, terms: GradTerms): FunctionBuilder {
  const arrays = ["p", "g", "v", ...(centered ? ["gavg"] : []), ...(momentum ? ["buf"] : [])];
  const scalars = ["lr", "alpha", "keep", "eps", ...(momentum ? ["momentum"] : []), ...GRAD_SCALARS[terms]];
  return emitKernel(RMSPROP_KERNEL[rmspropVariant(centered, momentum)][terms], arrays, scalars, (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const v = L.let(L.add(L.mul(k.alpha, L.load(a.v)), L.mul(L.mul(k.keep, gr), gr)));
    L.store(a.v, v);
    let square = v;
    if (centered) {
      const ga = L.let(L.add(L.mul(k.alpha, L.load(a.gavg)), L.mul(k.keep, gr)));
      L.store(a.gavg, ga);
      square = L.sub(v, L.mul(ga, ga));
    }
    const avg = L.add(L.sqrt(square), k.eps);
    if (momentum) {
      const b = L.let(L.add(L.mul(k.momentum, L.load(a.buf)), L.div(gr, avg)));
      L.store(a.buf, b);
      L.store(a.p, L.sub(p, L.mul(k.lr, b)));
    } else {
      L.store(a.p, L.sub(p, L.div(L.mul(k.lr, gr), avg)));
    }
  });
}

export function rmspropKernels(): FunctionBuilder[] {
  const out: FunctionBuilder[] = [];
  for (const centered of [false, true])
    for (const momentum of [false, true]) for (const terms of GRAD_TERMS) out.push(emit(centered, momentum, terms));
  return out;
}
