import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * AdaGrad (runtime/optimizers/adagrad.ts) in f32 lanes; lr_decay is already in clr and
 * initial_accumulator_value in `sum`'s starting contents:
 *   adagrad(p, g, sum, n, clr, eps, …terms): sum ← sum + gr²; p ← p − clr·gr/(√sum + eps)
 */
export const ADAGRAD_KERNEL = namesByTerms("adagrad");

function emit(terms: GradTerms): FunctionBuilder {
  return emitKernel(ADAGRAD_KERNEL[terms], ["p", "g", "sum"], ["clr", "eps", ...GRAD_SCALARS[terms]], (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const sum = L.let(L.add(L.load(a.sum), L.mul(gr, gr)));
    L.store(a.sum, sum);
    L.store(a.p, L.sub(p, L.div(L.mul(k.clr, gr), L.add(L.sqrt(sum), k.eps))));
  });
}

export function adagradKernels(): FunctionBuilder[] {
  return GRAD_TERMS.map(emit);
}
