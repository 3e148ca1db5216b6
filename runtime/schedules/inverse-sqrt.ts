/** LambdaLR with linear warm-up then inverse square root: base·min((k+1)/W, √(W/(k+1))). */
export function inverseSqrtSchedule(k: number, base: number, warmup: number): number {
  if (!(warmup >= 1)) throw new RangeError(`inverse_sqrt warmup must be >= 1, got ${warmup}`);
  const s = k + 1;
  return base * Math.min(s / warmup, Math.sqrt(warmup / s));
}
