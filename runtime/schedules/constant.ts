/** Multiplies the base by a fixed factor (constant(factor = 1)); the k argument keeps every schedule's shape. */
export function constantSchedule(_k: number, base: number, factor: number): number {
  return base * factor;
}
