/** LinearLR: base·(from + (to − from)·min(k, steps)/steps), factors of the base. */
export function linearSchedule(k: number, base: number, from: number, to: number, steps: number): number {
  if (!(steps >= 1)) throw new RangeError(`linear schedule steps must be >= 1, got ${steps}`);
  return base * (from + ((to - from) * Math.min(k, steps)) / steps);
}
