import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * RAdam (runtime/optimizers/radam.ts) in f32 lanes, m̂ = m/bc1 folded into the step size:
 *   radam_rect(p, g, m, v, n, beta1, k1, beta2, k2, eps, stepSize = lr·rect·√bc2/bc1, …terms):
 *     m, v as in Adam;  p ← p − stepSize·m/(√v + eps)
 *   radam(same, stepSize = lr/bc1), the un-adapted steps (rect = 0):  p ← p − stepSize·m
 */
export const RADAM_KERNEL = { plain: namesByTerms("radam"), rectified: namesByTerms("radam_rect") } as const;

function emit(rectified: boolean, terms: GradTerms): FunctionBuilder {
  const scalars = ["beta1", "k1", "beta2", "k2", "eps", "stepSize", ...GRAD_SCALARS[terms]];
  return emitKernel(RADAM_KERNEL[rectified ? "rectified" : "plain"][terms], ["p", "g", "m", "v"], scalars, (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const m = L.let(L.add(L.mul(k.beta1, L.load(a.m)), L.mul(k.k1, gr)));
    L.store(a.m, m);
    const v = L.let(L.add(L.mul(k.beta2, L.load(a.v)), L.mul(L.mul(k.k2, gr), gr)));
    L.store(a.v, v);
    const step = L.mul(k.stepSize, m);
    L.store(a.p, L.sub(p, rectified ? L.div(step, L.add(L.sqrt(v), k.eps)) : step));
  });
}

export function radamKernels(): FunctionBuilder[] {
  return [false, true].flatMap((r) => GRAD_TERMS.map((t) => emit(r, t)));
}
