/** PolynomialLR: base·(1 − min(k, steps)/steps)^power. */
export function polynomialSchedule(k: number, base: number, steps: number, power: number): number {
  if (!(steps >= 1)) throw new RangeError(`polynomial schedule steps must be >= 1, got ${steps}`);
  return base * (1 - Math.min(k, steps) / steps) ** power;
}
