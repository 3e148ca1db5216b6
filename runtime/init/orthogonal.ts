import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/**
 * torch.nn.init.orthogonal_ for a [rows, cols] weight: sample S[rows, cols] ~ N(0, 1) row-major;
 * A = S (rows ≥ cols) or Sᵀ (rows < cols), so A is m×n with m ≥ n; A = QR; Q ← Q·diag(sign(diag R));
 * W = gain·Q (or gain·Qᵀ). Modified Gram–Schmidt (run twice per column for accuracy) in float64
 * yields R with a positive diagonal, which is exactly the sign-corrected Q of a Householder QR.
 */
export function initOrthogonal(a: FloatArray, off: number, rows: number, cols: number, gain: number, rng: Rng): void {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  // Q is stored column-major: column j at q[j*m .. j*m + m)
  const q = new Float64Array(m * n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = rng.normal();
      if (tall) q[c * m + r] = v; // A[r, c], column c
      else q[r * m + c] = v; // A = Sᵀ: A[c, r], column r
    }
  }
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const ck = k * m;
        let d = 0;
        for (let i = 0; i < m; i++) d += q[ck + i] * q[cj + i];
        for (let i = 0; i < m; i++) q[cj + i] -= d * q[ck + i];
      }
    }
    let s = 0;
    for (let i = 0; i < m; i++) s += q[cj + i] * q[cj + i];
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < m; i++) q[cj + i] *= inv;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) a[off + r * cols + c] = gain * (tall ? q[c * m + r] : q[r * m + c]);
  }
}
