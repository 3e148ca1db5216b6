/**
 * erf to (near) full double precision; JavaScript has no Math.erf and GELU needs the exact form.
 *
 * |x| < 2.5: erf(x) = 2/√π · e^{−x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))  (all terms positive:
 * no cancellation, ~40 terms at the switch point).
 * 2.5 ≤ |x| < 6: erf = 1 − erfc, erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))),
 * the Laplace continued fraction evaluated by the modified Lentz method.
 * |x| ≥ 6: erfc < 2e−17, so erf = ±1 in double precision.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const TINY = 1e-300;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

function erfcContinuedFraction(x: number): number {
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    if (Math.abs(D) < TINY) D = TINY;
    D = 1 / D;
    C = x + a / C;
    if (Math.abs(C) < TINY) C = TINY;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * ONE_OVER_SQRT_PI) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  let r: number;
  if (ax < 2.5) r = erfSeries(ax);
  else if (ax < 6) r = 1 - erfcContinuedFraction(ax);
  else r = 1;
  return x < 0 ? -r : r;
}
