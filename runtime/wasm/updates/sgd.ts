import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * SGD (runtime/optimizers/sgd.ts) in f32 lanes, after the first step (which sets buf ← g and runs
 * the TypeScript loop):
 *   sgd(p, g, n, lr, …terms):                         p ← p − lr·gr
 *   sgd_momentum(p, g, buf, n, lr, momentum, keep, …): buf ← μ·buf + (1−dampening)·gr; p ← p − lr·buf
 *   sgd_nesterov(same):                                 …; p ← p − lr·(gr + μ·buf)
 */
export type SgdVariant = "plain" | "momentum" | "nesterov";

export const SGD_KERNEL: Readonly<Record<SgdVariant, Readonly<Record<GradTerms, string>>>> = {
  plain: namesByTerms("sgd"),
  momentum: namesByTerms("sgd_momentum"),
  nesterov: namesByTerms("sgd_nesterov"),
};

function emit(variant: SgdVariant, terms: GradTerms): FunctionBuilder {
  const name = SGD_KERNEL[variant][terms];
  if (variant === "plain") {
    return emitKernel(name, ["p", "g"], ["lr", ...GRAD_SCALARS[terms]], (L, a, k) => {
      const p = L.let(L.load(a.p));
      L.store(a.p, L.sub(p, L.mul(k.lr, effectiveGrad(L, terms, L.load(a.g), p, k))));
    });
  }
  return emitKernel(name, ["p", "g", "buf"], ["lr", "momentum", "keep", ...GRAD_SCALARS[terms]], (L, a, k) => {
    const p = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p, k));
    const b = L.let(L.add(L.mul(k.momentum, L.load(a.buf)), L.mul(k.keep, gr)));
    L.store(a.buf, b);
    L.store(a.p, L.sub(p, L.mul(k.lr, variant === "nesterov" ? L.add(gr, L.mul(k.momentum, b)) : b)));
  });
}

export function sgdKernels(): FunctionBuilder[] {
  return (["plain", "momentum", "nesterov"] as const).flatMap((v) => GRAD_TERMS.map((t) => emit(v, t)));
}
