/**
 * SequentialLR bookkeeping: which schedule applies at step k and its own local step. milestones[i]
 * is the global step at which schedule i+1 takes over (restarting from its own k = 0).
 */
export function sequentialIndex(k: number, milestones: readonly number[]): { index: number; localK: number } {
  let index = 0;
  while (index < milestones.length && k >= milestones[index]) index++;
  return { index, localK: index === 0 ? k : k - milestones[index - 1] };
}
