/**
 * What a generated model hands an optimizer's step function (sgdStep, adamStep, …): the values of this
 * step, shared by every group, and the group being updated. Each optimizer adds its own fixed
 * hyperparameters (AdamHyperparameters, …), which the generated module builds once as a constant.
 * The step functions derive the per-step scalars (bias corrections, RAdam's rectification, …) and call
 * the optimizer's fused loop (sgdUpdate, adamUpdate, …), whose positional arguments mirror the SIMD
 * kernels' and which the tests and benchmarks call directly.
 */

/** The values of one optimizer step, after the schedules. */
export interface UpdateStep {
  /** The optimizer step, 1 on the first. */
  readonly t: number;
  readonly lr: number;
  /** The momentum-like hyperparameter: SGD/RMSprop momentum, the Adam family's β1 (unused by the others). */
  readonly momentum: number;
  readonly weightDecay: number;
  /** clip_grad_value_'s bound, Infinity when off. */
  readonly clipValue: number;
  /** clip_grad_norm_'s scale for this step, 1 when off. */
  readonly clipScale: number;
}

/** A range [start, end) of the flat parameters updated alike. */
export interface UpdateGroup {
  readonly start: number;
  readonly end: number;
  /** The layers' lr_mult and wd_mult. */
  readonly lrMult: number;
  readonly wdMult: number;
  /** 2λ summed over the l2(λ) loss terms covering the range (the gradient of λ·Σw²). */
  readonly l2x: number;
  /** λ summed over the l1(λ) loss terms covering the range. */
  readonly l1: number;
}
