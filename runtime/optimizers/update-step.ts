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
  /** Values the optimizer derives once a step from its scalar state (NAdam: μ_t, μ_{t+1} and μprod_t); absent for the others. */
  readonly scalars?: readonly number[];
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

/**
 * The parts of `groups` inside params [from, to), empty ones left out: what one thread updates when
 * data-parallel training splits a step by parameter range (runtime/parallel/data-parallel.ts).
 */
export function groupsWithin(groups: readonly UpdateGroup[], from: number, to: number): readonly UpdateGroup[] {
  // The whole update (every step of one-thread training) takes the groups as they are, allocating nothing.
  if (groups.every((g) => from <= g.start && g.end <= to)) return groups;
  const parts: UpdateGroup[] = [];
  for (const g of groups) {
    const start = Math.max(g.start, from);
    const end = Math.min(g.end, to);
    if (start < end) parts.push(start === g.start && end === g.end ? g : { ...g, start, end });
  }
  return parts;
}

/**
 * Where to cut params [0, count) into `parts` ranges of about equal size for groupsWithin, so that the
 * ranges' updates give the bytes of the whole update: a cut inside a group falls a multiple of 16 floats
 * after the group's start. The SIMD kernels take a range four floats at a time from its start and the
 * last few alone (with a fused multiply-add only in the vector lanes), so a cut elsewhere would move
 * floats between the two paths; 16 floats also keep the threads off each other's cache lines.
 * Returns parts + 1 ascending boundaries, the first 0 and the last `count`.
 */
export function updateCuts(groups: readonly UpdateGroup[], count: number, parts: number): number[] {
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const target = Math.round((count * k) / parts);
    const g = groups.find((r) => r.start < target && target < r.end);
    const from = g?.start ?? 0;
    const cut = Math.min(g?.end ?? count, from + LANE_BLOCK * Math.round((target - from) / LANE_BLOCK));
    cuts.push(Math.max(cuts[k - 1], cut));
  }
  cuts.push(count);
  return cuts;
}

const LANE_BLOCK = 16;
