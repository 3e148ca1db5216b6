import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * NAdam (runtime/optimizers/nadam.ts) in f32 lanes, with the two quotients over one denominator:
 *   nadam(p, g, m, v, n, beta1, k1, beta2, k2, invSqrtBc2, eps, coefGrad, coefMom, …terms):
 *   m, v as in Adam;  p ← p − (coefGrad·gr + coefMom·m)/(√v·(1/√bc2) + eps)
 */
export const NADAM_KERNEL = namesByTerms("nadam");

function emit(terms: GradTerms): FunctionBuilder {
  const scalars = ["beta1", "k1", "beta2", "k2", "invSqrtBc2", "eps", "coefGrad", "coefMom", ...GRAD_SCALARS[terms]];
  return emitKernel(NADAM_KERNEL[terms], ["p", "g", "m", "v"], scalars, (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const m = L.let(L.add(L.mul(k.beta1, L.load(a.m)), L.mul(k.k1, gr)));
    L.store(a.m, m);
    const v = L.let(L.add(L.mul(k.beta2, L.load(a.v)), L.mul(L.mul(k.k2, gr), gr)));
    L.store(a.v, v);
    const denom = L.add(L.mul(L.sqrt(v), k.invSqrtBc2), k.eps);
    L.store(a.p, L.sub(p, L.div(L.add(L.mul(k.coefGrad, gr), L.mul(k.coefMom, m)), denom)));
  });
}

export function nadamKernels(): FunctionBuilder[] {
  return GRAD_TERMS.map(emit);
}
