/**
 * Central finite-difference check of a compiled model's backward pass. Meaningful only in float64
 * (compile with precision f64): with h = 1e-6 the truncation and rounding errors are ~1e-10, far below
 * the 1e-6 relative tolerance. Dropout masks are made identical across the evaluations by restoring
 * the generator's state before each one.
 */
import type { FloatArray } from "../types.ts";
import type { CompiledModel } from "../contract.ts";

export interface GradientCheckEntry {
  readonly tensor: string;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relativeError: number;
}

export interface GradientCheckResult {
  readonly worst: GradientCheckEntry | undefined;
  readonly checked: number;
  readonly perTensor: ReadonlyMap<string, number>;
}

export interface GradientCheckOptions {
  /** Elements checked per tensor (spread evenly); default 12. */
  readonly perTensor?: number;
  readonly h?: number;
  /** Tensors to leave out: frozen layers get no gradient by design. */
  readonly skip?: ReadonlySet<string>;
}

/**
 * |a − n| / max(|a| + |n|, floor). Relative for ordinary gradients; below `floor` it becomes an absolute
 * comparison, because a central difference of a float64 loss of size ~1 carries noise of about
 * 1e-16/h ≈ 1e-10 whatever the gradient, so tiny gradients cannot be compared relatively.
 */
export function relativeError(a: number, n: number, floor = 1e-3): number {
  return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
}

export function gradientCheck(
  model: CompiledModel,
  x: FloatArray,
  labels: Int32Array,
  targets: FloatArray,
  n: number,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  if (!(model.params instanceof Float64Array)) throw new Error("gradient checks need a model compiled with precision f64");
  const h = options.h ?? 1e-6;
  const per = options.perTensor ?? 12;
  const rngState = model.rng.getState();
  const stats = Float64Array.from(model.stats);
  const lossAt = (): number => {
    model.rng.setState(rngState);
    const l = model.lossAndGradient(x, labels, targets, n, 0);
    model.stats.set(stats);
    return l;
  };
  model.zeroGradients();
  model.rng.setState(rngState);
  model.lossAndGradient(x, labels, targets, n, 1);
  model.stats.set(stats);
  const analytic = Float64Array.from(model.grads);
  let worst: GradientCheckEntry | undefined;
  let checked = 0;
  const perTensor = new Map<string, number>();
  for (const t of model.definition.tensors) {
    if (t.buffer !== "params" || options.skip?.has(t.name)) continue;
    const step = Math.max(1, Math.floor(t.size / per));
    let tensorWorst = 0;
    for (let i = 0; i < t.size; i += step) {
      const k = t.offset + i;
      const saved = model.params[k];
      model.params[k] = saved + h;
      const up = lossAt();
      model.params[k] = saved - h;
      const down = lossAt();
      model.params[k] = saved;
      const numeric = (up - down) / (2 * h);
      const err = relativeError(analytic[k], numeric);
      checked++;
      tensorWorst = Math.max(tensorWorst, err);
      if (!worst || err > worst.relativeError) worst = { tensor: t.name, index: i, analytic: analytic[k], numeric, relativeError: err };
    }
    perTensor.set(t.name, tensorWorst);
  }
  model.rng.setState(rngState);
  return { worst, checked, perTensor };
}
