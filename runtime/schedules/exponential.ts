/** ExponentialLR: base·γᵏ. */
export function exponentialSchedule(k: number, base: number, gamma: number): number {
  return base * gamma ** k;
}
