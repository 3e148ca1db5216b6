import type { FloatArray, Precision } from "../types.ts";
import { strongWolfe } from "./strong-wolfe.ts";

/*
 * torch.optim.LBFGS (1.13.1) over one flat parameter buffer of n elements. Vectors (direction,
 * gradient copies, history pairs) are stored in the run's precision like PyTorch's tensors; dot
 * products and scalars are float64. The closure recomputes the loss at the current parameters and
 * writes the gradient into the `g` buffer passed to step().
 */

export interface LbfgsOptions {
  lr: number;
  maxIter: number;
  maxEval: number;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearch: "none" | "strong_wolfe";
}

/** PyTorch's defaults; maxEval defaults to floor(maxIter·5/4). */
export function lbfgsDefaults(overrides: Partial<LbfgsOptions> = {}): LbfgsOptions {
  const maxIter = overrides.maxIter ?? 20;
  return {
    lr: 1,
    maxIter,
    maxEval: Math.floor((maxIter * 5) / 4),
    toleranceGrad: 1e-7,
    toleranceChange: 1e-9,
    historySize: 100,
    lineSearch: "none",
    ...overrides,
  };
}

/** Everything L-BFGS carries between step() calls (PyTorch's state of the first parameter). */
export interface LbfgsState {
  funcEvals: number;
  nIter: number;
  t: number;
  hDiag: number;
  prevLoss: number;
  d: FloatArray | null;
  prevFlatGrad: FloatArray | null;
  oldDirs: FloatArray[];
  oldStps: FloatArray[];
  ro: number[];
}

function dot(a: FloatArray, b: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: FloatArray): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

function sumAbs(a: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

export class Lbfgs {
  readonly n: number;
  readonly opts: LbfgsOptions;
  readonly precision: Precision;
  private st: LbfgsState;
  private al: number[];
  private yScratch: FloatArray | null = null;
  private sScratch: FloatArray | null = null;

  constructor(n: number, opts: LbfgsOptions, precision: Precision) {
    if (!(opts.historySize >= 1)) throw new RangeError(`L-BFGS history_size must be >= 1, got ${opts.historySize}`);
    if (!(opts.maxIter >= 1)) throw new RangeError(`L-BFGS max_iter must be >= 1, got ${opts.maxIter}`);
    this.n = n;
    this.opts = opts;
    this.precision = precision;
    // Grown with the history, not allocated at history_size: `history_size = 1e9` ran V8 out of heap here.
    this.al = [];
    this.st = { funcEvals: 0, nIter: 0, t: 0, hDiag: 1, prevLoss: NaN, d: null, prevFlatGrad: null, oldDirs: [], oldStps: [], ro: [] };
  }

  private vec(): FloatArray {
    return this.precision === "f32" ? new Float32Array(this.n) : new Float64Array(this.n);
  }

  private copyOf(a: FloatArray): FloatArray {
    const v = this.vec();
    v.set(a);
    return v;
  }

  /** One optimizer step (up to maxIter inner iterations); returns the loss at the starting point. */
  step(p: FloatArray, g: FloatArray, closure: () => number): number {
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch } = this.opts;
    const n = this.n;
    const st = this.st;
    const origLoss = closure();
    let loss = origLoss;
    let currentEvals = 1;
    st.funcEvals += 1;
    let flatGrad = this.copyOf(g.subarray(0, n));
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    let d = st.d ?? this.vec();
    let t = st.t;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      st.nIter++;
      if (st.nIter === 1) {
        for (let i = 0; i < n; i++) d[i] = -flatGrad[i];
        st.oldDirs = [];
        st.oldStps = [];
        st.ro = [];
        st.hDiag = 1;
      } else {
        const prev = st.prevFlatGrad as FloatArray;
        // y = g − g_prev, s = t·d, built in scratch; an accepted pair moves into the history and
        // the evicted oldest pair (if any) becomes the next scratch
        const y = this.yScratch ?? this.vec();
        const s = this.sScratch ?? this.vec();
        for (let i = 0; i < n; i++) {
          y[i] = flatGrad[i] - prev[i];
          s[i] = d[i] * t;
        }
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (st.oldDirs.length === historySize) {
            this.yScratch = st.oldDirs.shift() as FloatArray;
            this.sScratch = st.oldStps.shift() as FloatArray;
            st.ro.shift();
          } else {
            this.yScratch = null;
            this.sScratch = null;
          }
          st.oldDirs.push(y);
          st.oldStps.push(s);
          st.ro.push(1 / ys);
          st.hDiag = ys / dot(y, y);
        } else {
          this.yScratch = y;
          this.sScratch = s;
        }
        const numOld = st.oldDirs.length;
        const al = this.al;
        while (al.length < numOld) al.push(0);
        const q = this.vec();
        for (let i = 0; i < n; i++) q[i] = -flatGrad[i];
        for (let k = numOld - 1; k >= 0; k--) {
          al[k] = dot(st.oldStps[k], q) * st.ro[k];
          const od = st.oldDirs[k];
          for (let i = 0; i < n; i++) q[i] -= al[k] * od[i];
        }
        d = q;
        for (let i = 0; i < n; i++) d[i] = q[i] * st.hDiag;
        for (let k = 0; k < numOld; k++) {
          const beI = dot(st.oldDirs[k], d) * st.ro[k];
          const os = st.oldStps[k];
          const c = al[k] - beI;
          for (let i = 0; i < n; i++) d[i] += c * os[i];
        }
      }
      if (st.prevFlatGrad === null) st.prevFlatGrad = this.copyOf(flatGrad);
      else st.prevFlatGrad.set(flatGrad);
      st.prevLoss = loss;

      t = st.nIter === 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
      const gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break;

      let lsEvals = 0;
      if (lineSearch === "strong_wolfe") {
        const xInit = this.copyOf(p.subarray(0, n));
        const obj = (x: FloatArray, tt: number, dir: FloatArray) => {
          for (let i = 0; i < n; i++) p[i] = p[i] + tt * dir[i];
          const f = closure();
          const gg = this.copyOf(g.subarray(0, n));
          p.set(x);
          return { f, g: gg };
        };
        const r = strongWolfe(obj, xInit, t, d, loss, flatGrad, gtd);
        loss = r.f;
        flatGrad = r.g;
        t = r.t;
        lsEvals = r.evals;
        for (let i = 0; i < n; i++) p[i] = p[i] + t * d[i];
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        for (let i = 0; i < n; i++) p[i] = p[i] + t * d[i];
        if (nIter !== maxIter) {
          loss = closure();
          flatGrad = this.copyOf(g.subarray(0, n));
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      st.funcEvals += lsEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbs(d) * Math.abs(t) <= toleranceChange) break;
      if (Math.abs(loss - st.prevLoss) < toleranceChange) break;
    }
    st.d = d;
    st.t = t;
    return origLoss;
  }

  /** The state to checkpoint (arrays are the live buffers; copy before mutating). */
  getState(): LbfgsState {
    return this.st;
  }

  setState(s: LbfgsState): void {
    const check = (a: FloatArray | null, what: string) => {
      if (a !== null && a.length !== this.n) throw new RangeError(`L-BFGS state ${what} has ${a.length} elements, expected ${this.n}`);
    };
    check(s.d, "d");
    check(s.prevFlatGrad, "prevFlatGrad");
    if (s.oldDirs.length !== s.oldStps.length || s.oldDirs.length !== s.ro.length)
      throw new RangeError("L-BFGS state history arrays differ in length");
    s.oldDirs.forEach((a) => check(a, "oldDirs"));
    s.oldStps.forEach((a) => check(a, "oldStps"));
    this.st = {
      funcEvals: s.funcEvals,
      nIter: s.nIter,
      t: s.t,
      hDiag: s.hDiag,
      prevLoss: s.prevLoss,
      d: s.d && this.copyOf(s.d),
      prevFlatGrad: s.prevFlatGrad && this.copyOf(s.prevFlatGrad),
      oldDirs: s.oldDirs.map((a) => this.copyOf(a)),
      oldStps: s.oldStps.map((a) => this.copyOf(a)),
      ro: [...s.ro],
    };
  }
}
