/** StepLR: base·γ^⌊k/size⌋. */
export function stepSchedule(k: number, base: number, size: number, gamma: number): number {
  if (!(size >= 1)) throw new RangeError(`step schedule size must be >= 1, got ${size}`);
  return base * gamma ** Math.floor(k / size);
}
