import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";
import { Arena } from "../arena.ts";
import { matmulNN, matmulTN } from "../dispatch/gemm.ts";
import { simdEnabled } from "../wasm/simd.ts";

/**
 * torch.nn.init.orthogonal_ for a [rows, cols] weight: with A an m×n Gaussian matrix (m = max(rows, cols),
 * n = min), A = QR, Q ← Q·diag(sign(diag R)), W = gain·Q (or gain·Qᵀ when rows < cols). That Q is a
 * Haar-distributed matrix with orthonormal columns.
 *
 * How it is computed: Householder QR, the way LAPACK does (geqrf, then orgqr to form Q), with one saving
 * from Stewart (1980), "The efficient generation of random orthogonal matrices": the Householder vector
 * of column j is taken from a fresh Gaussian vector of length m − j instead of from A's column j after the
 * first j reflections — a Gaussian matrix stays Gaussian under those orthogonal maps, so the result has
 * exactly the same distribution and the update of A's trailing columns (half the work) is never done.
 * Q = H₀H₁⋯Hₙ₋₁·I[:, :n] is then formed backwards in blocks of NB reflections, each block applied as
 * I − V·T·Vᵀ (compact WY, LAPACK's larft/larfb) with three matrix products, so nearly all of the
 * ≈ 4/3·n³ flops (square case) run in the GEMM kernels: the WebAssembly SIMD ones for float32 weights
 * (in float32, as PyTorch's QR of a float32 tensor), the float64 reference loops otherwise. The previous
 * Gram–Schmidt, run twice per column, did ≈ 4·n³ flops in scalar loops: over a minute for 5000×5000.
 */
const NB = 64;

/** Work buffers: float32 inside an Arena when the SIMD GEMM can run on them, float64 arrays otherwise. */
interface Work {
  readonly q: FloatArray; // m×n row-major
  readonly v: FloatArray; // block of Householder vectors, h×kb row-major
  readonly g: FloatArray; // VᵀV, kb×kb
  readonly t: FloatArray; // −T, kb×kb
  readonly c: FloatArray; // Q[s:, s:] copied contiguous, h×w
  readonly w: FloatArray; // kb×w
  readonly w2: FloatArray; // kb×w
}

function workBuffers(m: number, n: number, f32: boolean): Work {
  const sizes = [m * n, m * NB, NB * NB, NB * NB, m * n, NB * n, NB * n];
  if (f32 && simdEnabled) {
    const arena = new Arena(sizes.reduce((s, k) => s + Arena.bytesFor("f32", k, 0), 0));
    const [q, v, g, t, c, w, w2] = sizes.map((k) => arena.floats("f32", k));
    return { q, v, g, t, c, w, w2 };
  }
  const [q, v, g, t, c, w, w2] = sizes.map((k) => (f32 ? new Float32Array(k) : new Float64Array(k)));
  return { q, v, g, t, c, w, w2 };
}

export function initOrthogonal(a: FloatArray, rows: number, cols: number, gain: number, rng: Rng): void {
  if (a.length !== rows * cols) throw new RangeError(`a ${rows} × ${cols} weight has ${rows * cols} elements, got a tensor of ${a.length}`);
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const { q, v, g, t, c, w, w2 } = workBuffers(m, n, a instanceof Float32Array);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const sign = new Float64Array(n); // sign(R[j, j])
  const tau = new Float64Array(NB);
  const T = new Float64Array(NB * NB);
  const x = new Float64Array(m);
  for (let e = n; e > 0; e -= NB) {
    const s = Math.max(0, e - NB);
    const kb = e - s;
    const h = m - s;
    const wd = n - s;
    // The block's Householder vectors: column j − s of V is zero above row j − s, then v_j.
    v.fill(0, 0, h * kb);
    for (let j = s; j < e; j++) {
      const len = m - j;
      let norm2 = 0;
      for (let i = 0; i < len; i++) {
        x[i] = rng.normal();
        norm2 += x[i] * x[i];
      }
      const alpha = (x[0] >= 0 ? -1 : 1) * Math.sqrt(norm2); // H·x = alpha·e₀, so R[j, j] = alpha
      sign[j] = alpha >= 0 ? 1 : -1;
      const x0 = x[0];
      x[0] = x0 - alpha;
      const vv = norm2 - x0 * x0 + x[0] * x[0]; // ‖x − alpha·e₀‖²
      tau[j - s] = vv > 0 ? 2 / vv : 0;
      const col = j - s;
      for (let i = 0; i < len; i++) v[(col + i) * kb + col] = x[i];
    }
    // The compact WY form H_s⋯H_{e−1} = I − V·T·Vᵀ: T[i,i] = τᵢ, T[0:i, i] = −τᵢ·T[0:i, 0:i]·(VᵀV)[0:i, i].
    matmulTN(kb, kb, h, v, 0, v, 0, g, 0, false);
    T.fill(0);
    for (let i = 0; i < kb; i++) {
      T[i * kb + i] = tau[i];
      for (let r = 0; r < i; r++) {
        let sum = 0;
        for (let k = r; k < i; k++) sum += T[r * kb + k] * g[k * kb + i];
        T[r * kb + i] = -tau[i] * sum;
      }
    }
    for (let i = 0; i < kb * kb; i++) t[i] = -T[i];
    // Q[s:, s:] ← (I − V·T·Vᵀ)·Q[s:, s:], on a contiguous copy (rows ≥ s of columns < s are still zero).
    for (let r = 0; r < h; r++) for (let k = 0; k < wd; k++) c[r * wd + k] = q[(s + r) * n + s + k];
    matmulTN(kb, wd, h, v, 0, c, 0, w, 0, false); // W = Vᵀ·C
    matmulNN(kb, wd, kb, t, 0, w, 0, w2, 0, false); // W2 = −T·W
    matmulNN(h, wd, kb, v, 0, w2, 0, c, 0, true); // C += V·W2
    for (let r = 0; r < h; r++) for (let k = 0; k < wd; k++) q[(s + r) * n + s + k] = c[r * wd + k];
  }
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) {
      const i = tall ? r : col; // row of Q
      const j = tall ? col : r; // column of Q
      a[r * cols + col] = gain * sign[j] * q[i * n + j];
    }
  }
}
