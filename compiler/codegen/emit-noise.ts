/**
 * Weight and gradient noise (`noise = [weight_noise(std), gradient_noise(eta, gamma)]`) in a generated
 * module, merged from their definitions (compiler/definitions/noise/): the schedule methods of their scales, the buffer that keeps the noise-free weights during a
 * perturbed step, perturbWeights/restoreWeights (called by the training loop around each training batch's
 * forward and backward pass) and the lines update() runs before clipping and the optimizer.
 */
import type { Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { emitSchedule } from "./emit-schedule.ts";
import { num } from "./literals.ts";
import type { NoiseEmission } from "../definitions/noise/definition.ts";
import { gradient_noise } from "../definitions/noise/gradient-noise.ts";
import { weight_noise } from "../definitions/noise/weight-noise.ts";

export interface NoiseCode {
  readonly imports: readonly string[];
  /** Floats of the saved-weights buffer (0 without weight noise). */
  readonly savedSize: number;
  readonly scheduleMethods: readonly { name: string; body: string; imports: readonly string[] }[];
  /** perturbWeights and restoreWeights bodies, when weight noise is on. */
  readonly perturbBody: string | undefined;
  readonly restoreBody: string | undefined;
  /** Lines of update() after `t` (1-based step) is known, before clipping. */
  readonly updateLines: readonly string[];
}

export function emitNoise(plan: Plan, layout: Layout): NoiseCode {
  const parts: NoiseEmission[] = [];
  const wn = plan.training.weightNoise;
  const gn = plan.training.gradientNoise;
  if (wn !== undefined) parts.push(weight_noise.typescript(wn, plan, layout));
  if (gn !== undefined) parts.push(gradient_noise.typescript(gn, plan, layout));
  return {
    imports: parts.flatMap((p) => p.imports),
    savedSize: parts.reduce((sum, p) => sum + p.savedSize, 0),
    scheduleMethods: parts.map(({ scale }) => {
      const s = plan.schedules[scale.scheduleKey];
      return { name: scale.method, ...(s ? emitSchedule(s, scale.base) : { body: `return ${num(scale.base)};`, imports: [] }) };
    }),
    perturbBody: parts.find((p) => p.perturbBody !== undefined)?.perturbBody,
    restoreBody: parts.find((p) => p.restoreBody !== undefined)?.restoreBody,
    updateLines: parts.flatMap((p) => p.updateLines),
  };
}
