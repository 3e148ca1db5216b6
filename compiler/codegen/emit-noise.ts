/**
 * Weight and gradient noise (`noise = [weight_noise(std), gradient_noise(eta, gamma)]`) in a generated
 * module: the schedule methods of their scales, the buffer that keeps the noise-free weights during a
 * perturbed step, perturbWeights/restoreWeights (called by the training loop around each training batch's
 * forward and backward pass) and the lines update() runs before clipping and the optimizer.
 */
import type { Plan } from "../ir.ts";
import { slotOf, type Layout } from "./layout.ts";
import { emitSchedule } from "./emit-schedule.ts";
import { commentText, num } from "./literals.ts";

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
  const imports: string[] = [];
  const scheduleMethods: NoiseCode["scheduleMethods"][number][] = [];
  const wn = plan.training.weightNoise;
  const gn = plan.training.gradientNoise;
  let savedSize = 0;
  let perturbBody: string | undefined;
  let restoreBody: string | undefined;
  if (wn !== undefined) {
    const slots = wn.tensors.map((name) => slotOf(layout, name)).filter((s) => s !== undefined);
    const perturb = [
      `const P = this.params;`,
      `const saved = this.weightNoiseSaved;`,
      `const std = this.weightNoiseAt(this.step, this.epoch);`,
    ];
    const restore = [`const P = this.params;`, `const saved = this.weightNoiseSaved;`];
    for (const s of slots) {
      perturb.push(`perturbWeights(P, ${s.offset}, ${s.size}, saved, ${savedSize}, std, this.rng); // ${commentText(s.name)}`);
      restore.push(`restoreWeights(P, ${s.offset}, ${s.size}, saved, ${savedSize});`);
      savedSize += s.size;
    }
    perturbBody = perturb.join("\n");
    restoreBody = restore.join("\n");
    imports.push("perturbWeights", "restoreWeights");
    const s = plan.schedules.weight_noise;
    scheduleMethods.push({ name: "weightNoiseAt", ...(s ? emitSchedule(s, wn.std) : { body: `return ${num(wn.std)};`, imports: [] }) });
  }
  const updateLines: string[] = [];
  if (gn !== undefined) {
    const s = plan.schedules.gradient_noise;
    scheduleMethods.push({ name: "gradientNoiseAt", ...(s ? emitSchedule(s, gn.eta) : { body: `return ${num(gn.eta)};`, imports: [] }) });
    imports.push("addGradientNoise", "gradientNoiseStd");
    updateLines.push(`// gradient noise (Neelakantan et al. 2015): variance η/(1 + k)^γ at step k = t − 1`);
    updateLines.push(`const noiseStd = gradientNoiseStd(this.gradientNoiseAt(t - 1, this.epoch), ${num(gn.gamma)}, t - 1);`);
    for (const g of layout.groups) updateLines.push(`addGradientNoise(G, ${g.start}, ${g.end}, noiseStd, this.rng);`);
  }
  return { imports, savedSize, scheduleMethods, perturbBody, restoreBody, updateLines };
}
