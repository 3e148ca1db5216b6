import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * Adamax (runtime/optimizers/adamax.ts) in f32 lanes:
 *   adamax(p, g, m, u, n, clr, beta1, k1, beta2, eps, …terms):
 *   m ← β1·m + (1−β1)·gr;  u ← (β2·u > |gr| + eps ? β2·u : |gr| + eps);  p ← p − clr·m/u
 */
export const ADAMAX_KERNEL = namesByTerms("adamax");

function emit(terms: GradTerms): FunctionBuilder {
  return emitKernel(
    ADAMAX_KERNEL[terms],
    ["p", "g", "m", "u"],
    ["clr", "beta1", "k1", "beta2", "eps", ...GRAD_SCALARS[terms]],
    (L, a, k) => {
      const p = L.let(L.load(a.p));
      const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
      const m = L.let(L.add(L.mul(k.beta1, L.load(a.m)), L.mul(k.k1, gr)));
      L.store(a.m, m);
      const u = L.let(L.gtSelect(L.let(L.mul(k.beta2, L.load(a.u))), L.let(L.add(L.abs(gr), k.eps))));
      L.store(a.u, u);
      L.store(a.p, L.sub(p, L.div(L.mul(k.clr, m), u)));
    },
  );
}

export function adamaxKernels(): FunctionBuilder[] {
  return GRAD_TERMS.map(emit);
}
