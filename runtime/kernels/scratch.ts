/**
 * One module-level float64 scratch buffer shared by kernels that accumulate in double precision.
 * It only grows (amortised allocation, never per call in steady state). Kernels are synchronous
 * and never call each other while holding it, so one buffer is enough.
 */
let scratch = new Float64Array(1024);

/** A float64 scratch area of at least `n` elements; contents are unspecified. */
export function scratch64(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}
