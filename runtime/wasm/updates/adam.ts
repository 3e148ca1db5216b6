import type { FunctionBuilder } from "../encode.ts";
import { GRAD_SCALARS, GRAD_TERMS, effectiveGrad, emitKernel, namesByTerms, type GradTerms } from "./lanes.ts";

/*
 * Adam/AdamW (runtime/optimizers/adam.ts) in f32 lanes, term for term:
 *   gr = effective gradient at p before decoupled decay;  p ← p·decay (AdamW only)
 *   m ← β1·m + (1−β1)·gr;  v ← β2·v + (1−β2)·gr²;  amsgrad: vmax ← (v > vmax ? v : vmax), used instead of v
 *   p ← p − stepSize·m / (√v·(1/√bc2) + eps)        (a multiply for the inner division)
 * adam[w][_amsgrad](p, g, m, v[, vmax], n, stepSize, beta1, k1, beta2, k2, invSqrtBc2, eps, decay, …terms).
 */
export const ADAM_KERNEL = {
  adam: namesByTerms("adam"),
  adamw: namesByTerms("adamw"),
  adam_amsgrad: namesByTerms("adam_amsgrad"),
  adamw_amsgrad: namesByTerms("adamw_amsgrad"),
} as const;

function kernelName(decoupled: boolean, amsgrad: boolean): keyof typeof ADAM_KERNEL {
  return decoupled ? (amsgrad ? "adamw_amsgrad" : "adamw") : amsgrad ? "adam_amsgrad" : "adam";
}

function emit(decoupled: boolean, amsgrad: boolean, terms: GradTerms): FunctionBuilder {
  const arrays = amsgrad ? (["p", "g", "m", "v", "vmax"] as const) : (["p", "g", "m", "v"] as const);
  // every variant takes `decay` so that one call serves all four; only AdamW's multiplies by it
  const scalars = ["stepSize", "beta1", "k1", "beta2", "k2", "invSqrtBc2", "eps", "decay", ...GRAD_SCALARS[terms]];
  return emitKernel(ADAM_KERNEL[kernelName(decoupled, amsgrad)][terms], arrays as readonly string[], scalars, (L, a, k) => {
    const p0 = L.let(L.load(a.p));
    const gr = L.let(effectiveGrad(L, terms, L.load(a.g), p0, k));
    const p = decoupled ? L.mul(p0, k.decay) : p0;
    // Fused multiply-adds where the engine has them (lanes.ts): three fewer operations per vector, which
    // is what brings the forms with an L1 term or clipping near the memory floor.
    const m = L.let(L.madd(k.beta1, L.load(a.m), L.mul(k.k1, gr)));
    L.store(a.m, m);
    let v = L.let(L.madd(k.beta2, L.load(a.v), L.mul(L.mul(k.k2, gr), gr)));
    L.store(a.v, v);
    if (amsgrad) {
      v = L.let(L.gtSelect(v, L.let(L.load(a.vmax))));
      L.store(a.vmax, v);
    }
    L.store(a.p, L.sub(p, L.div(L.mul(k.stepSize, m), L.madd(L.sqrt(v), k.invSqrtBc2, k.eps))));
  });
}

export function adamKernels(): FunctionBuilder[] {
  const out: FunctionBuilder[] = [];
  for (const decoupled of [false, true])
    for (const amsgrad of [false, true]) for (const terms of GRAD_TERMS) out.push(emit(decoupled, amsgrad, terms));
  return out;
}
