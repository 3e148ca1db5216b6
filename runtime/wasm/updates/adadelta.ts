import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * Adadelta (runtime/optimizers/adadelta.ts) in f32 lanes:
 *   adadelta(p, g, v, u, n, lr, rho, keep, eps, …terms):
 *   v ← ρ·v + (1−ρ)·gr²;  δ = √((u + eps)/(v + eps))·gr;  u ← ρ·u + (1−ρ)·δ²;  p ← p − lr·δ
 * One square root of the quotient instead of a quotient of two roots (equal up to f32 rounding):
 * square root and division share one unit, and the two-root form ran at 1.25× the floor, this at ~1.0×.
 */
export const ADADELTA_KERNEL = namesByTerms("adadelta");

function emit(terms: GradTerms): FunctionBuilder {
  return emitKernel(ADADELTA_KERNEL[terms], ["p", "g", "v", "u"], ["lr", "rho", "keep", "eps", ...GRAD_SCALARS[terms]], (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const v = L.let(L.add(L.mul(k.rho, L.load(a.v)), L.mul(L.mul(k.keep, gr), gr)));
    L.store(a.v, v);
    const u = L.let(L.load(a.u));
    const delta = L.let(L.mul(L.sqrt(L.div(L.add(u, k.eps), L.add(v, k.eps))), gr));
    L.store(a.u, L.add(L.mul(k.rho, u), L.mul(L.mul(k.keep, delta), delta)));
    L.store(a.p, L.sub(p, L.mul(k.lr, delta)));
  });
}

export function adadeltaKernels(): FunctionBuilder[] {
  return GRAD_TERMS.map(emit);
}
