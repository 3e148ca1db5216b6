/** Float64 central finite differences for gradient checks (h = 1e-5, error O(h²) ≈ 1e-10 relative). */
export const GRAD_TOL = 1e-6;

/** Numerical gradient of f at x (x is perturbed in place and restored). */
export function numericGrad(f: () => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v + h;
    const fp = f();
    x[i] = v - h;
    const fm = f();
    x[i] = v;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** ‖a − b‖ / max(‖a‖, ‖b‖): norm-wise relative error. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  const den = Math.max(Math.sqrt(na), Math.sqrt(nb));
  return den === 0 ? 0 : Math.sqrt(d) / den;
}

/** Deterministic pseudo-random values in [lo, hi) (a tiny LCG, independent of the Rng under test). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return a;
}

/** Σ r ⊙ y: a scalar objective whose gradient with respect to y is r. */
export function weightedSum(y: ArrayLike<number>, r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * r[i];
  return s;
}
