/** MultiStepLR: base·γ^(number of milestones m with m ≤ k); repeated milestones count repeatedly as in PyTorch. */
export function multistepSchedule(k: number, base: number, milestones: readonly number[], gamma: number): number {
  let passed = 0;
  for (let i = 0; i < milestones.length; i++) if (milestones[i] <= k) passed++;
  return base * gamma ** passed;
}
