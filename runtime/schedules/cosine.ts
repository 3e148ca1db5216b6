/**
 * CosineAnnealingLR: min + (base − min)·(1 + cos(πk/T))/2. PyTorch computes this recursively; the
 * closed form agrees to ~1e-15 relative and, like the recursion, keeps oscillating past k = T.
 */
export function cosineSchedule(k: number, base: number, T: number, min: number): number {
  if (!(T > 0)) throw new RangeError(`cosine schedule T must be > 0, got ${T}`);
  return min + ((base - min) * (1 + Math.cos((Math.PI * k) / T))) / 2;
}
