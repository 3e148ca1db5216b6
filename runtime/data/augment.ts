import type { FloatArray, Precision } from "../types.ts";
import type { Rng } from "../rng.ts";
import type { AugmentPlan } from "../contract.ts";

/*
 * On-the-fly augmentation of a training batch x[n, C, H, W] (NCHW rows, element (b, c, i, j) at
 * ((b·C + c)·H + i)·W + j), in place, drawing only from the model's seeded generator. Per-image
 * operations run first in the order given; then, when the spec lists mixup or cutmix, one batch-level
 * mix whose soft labels [n, classes] land in `soft` (label smoothing already folded in, as
 * PyTorch's CrossEntropyLoss does for probability targets: t ← (1 − ε)·t + ε/classes).
 * Every buffer is allocated once, for the largest batch.
 */

/** One augmentation step as the compiler planned it. */
export type AugmentOp = AugmentPlan;

type MixOp = Extract<AugmentOp, { kind: "mixup" | "cutmix" }>;

/** Mirrors the [C, H, W] image at x[off…] in place: left–right, or top–bottom when `vertical`. */
export function flipImage(x: FloatArray, off: number, C: number, H: number, W: number, vertical: boolean): void {
  for (let c = 0; c < C; c++) {
    const p = off + c * H * W;
    if (vertical) {
      for (let i = 0; i < H >> 1; i++) {
        const a = p + i * W,
          z = p + (H - 1 - i) * W;
        for (let j = 0; j < W; j++) {
          const t = x[a + j];
          x[a + j] = x[z + j];
          x[z + j] = t;
        }
      }
    } else {
      for (let i = 0; i < H; i++) {
        const r = p + i * W;
        for (let j = 0; j < W >> 1; j++) {
          const t = x[r + j];
          x[r + j] = x[r + W - 1 - j];
          x[r + W - 1 - j] = t;
        }
      }
    }
  }
}

export class Augmenter {
  /** Soft labels of the last mixed batch, [n, classes]. */
  readonly soft: FloatArray;
  /** Whether any operation mixes labels (then every batch gets soft labels, λ = 1 when not mixed). */
  readonly mixes: boolean;
  private readonly copy: FloatArray;
  private readonly perm: Int32Array;
  private readonly C: number;
  private readonly H: number;
  private readonly W: number;
  private readonly mixOps: readonly MixOp[];

  constructor(
    private readonly ops: readonly AugmentOp[],
    shape: readonly number[],
    private readonly classes: number,
    maxBatch: number,
    private readonly smoothing: number,
    precision: Precision,
  ) {
    [this.C, this.H, this.W] = shape.length === 3 ? shape : [1, 1, shape[0]];
    this.mixOps = ops.filter((o): o is MixOp => o.kind === "mixup" || o.kind === "cutmix");
    this.mixes = this.mixOps.length > 0;
    const alloc = (n: number) => (precision === "f32" ? new Float32Array(n) : new Float64Array(n));
    const size = this.C * this.H * this.W;
    this.copy = alloc(this.mixes ? maxBatch * size : Math.max(size, 1));
    this.soft = alloc(this.mixes ? maxBatch * classes : 0);
    this.perm = new Int32Array(this.mixes ? maxBatch : 0);
  }

  /** Augments rows [0, n) of x in place; fills `soft` when the spec mixes labels. */
  apply(x: FloatArray, labels: Int32Array, n: number, rng: Rng): void {
    const size = this.C * this.H * this.W;
    for (const op of this.ops) {
      for (let b = 0; b < n; b++) {
        const off = b * size;
        switch (op.kind) {
          case "random_crop":
            this.shift(x, off, rng.int(2 * op.padding + 1) - op.padding, rng.int(2 * op.padding + 1) - op.padding);
            break;
          case "translate": {
            const mh = Math.floor(op.fraction * this.H),
              mw = Math.floor(op.fraction * this.W);
            this.shift(x, off, rng.int(2 * mh + 1) - mh, rng.int(2 * mw + 1) - mw);
            break;
          }
          case "hflip":
            if (rng.next() < op.p) flipImage(x, off, this.C, this.H, this.W, false);
            break;
          case "vflip":
            if (rng.next() < op.p) flipImage(x, off, this.C, this.H, this.W, true);
            break;
          case "gaussian_noise":
            for (let t = 0; t < size; t++) x[off + t] += op.std * rng.normal();
            break;
          case "cutout":
            if (rng.next() < op.p) {
              const ci = rng.int(this.H),
                cj = rng.int(this.W);
              const half = Math.floor(op.size / 2);
              this.fillBox(x, off, ci - half, ci - half + op.size, cj - half, cj - half + op.size);
            }
            break;
          case "mixup":
          case "cutmix":
            break;
        }
      }
    }
    if (this.mixes) this.mix(x, labels, n, rng);
  }

  /** Moves the image by (dy, dx) pixels: out[i, j] = in[i − dy, j − dx], zero where that falls outside. */
  private shift(x: FloatArray, off: number, dy: number, dx: number): void {
    if (dy === 0 && dx === 0) return;
    const { C, H, W } = this;
    const tmp = this.copy;
    for (let t = 0; t < C * H * W; t++) tmp[t] = x[off + t];
    for (let c = 0; c < C; c++) {
      const p = c * H * W;
      for (let i = 0; i < H; i++) {
        const si = i - dy;
        for (let j = 0; j < W; j++) {
          const sj = j - dx;
          x[off + p + i * W + j] = si >= 0 && si < H && sj >= 0 && sj < W ? tmp[p + si * W + sj] : 0;
        }
      }
    }
  }

  /** Zeroes rows [i0, i1) × columns [j0, j1), clipped to the image, in every channel. */
  private fillBox(x: FloatArray, off: number, i0: number, i1: number, j0: number, j1: number): void {
    const { C, H, W } = this;
    const a = Math.max(0, i0),
      b = Math.min(H, i1),
      l = Math.max(0, j0),
      r = Math.min(W, j1);
    for (let c = 0; c < C; c++) for (let i = a; i < b; i++) for (let j = l; j < r; j++) x[off + (c * H + i) * W + j] = 0;
  }

  private mix(x: FloatArray, labels: Int32Array, n: number, rng: Rng): void {
    const K = this.classes;
    const size = this.C * this.H * this.W;
    // λ = 1 (no mixing) unless a mix op fires; with several, each batch picks one uniformly.
    const op = this.mixOps[this.mixOps.length === 1 ? 0 : rng.int(this.mixOps.length)];
    let lambda = 1;
    if (rng.next() < op.p) {
      lambda = sampleBeta(op.alpha, rng);
      const perm = this.perm;
      for (let b = 0; b < n; b++) perm[b] = b;
      for (let b = n - 1; b > 0; b--) {
        const k = rng.int(b + 1);
        const t = perm[b];
        perm[b] = perm[k];
        perm[k] = t;
      }
      const src = this.copy;
      for (let t = 0; t < n * size; t++) src[t] = x[t];
      if (op.kind === "mixup") {
        for (let b = 0; b < n; b++) {
          const o = b * size,
            q = perm[b] * size;
          for (let t = 0; t < size; t++) x[o + t] = lambda * src[o + t] + (1 - lambda) * src[q + t];
        }
      } else {
        const { C, H, W } = this;
        const cut = Math.sqrt(1 - lambda);
        const bh = Math.floor(H * cut),
          bw = Math.floor(W * cut);
        const ci = rng.int(H),
          cj = rng.int(W);
        const i0 = Math.max(0, ci - (bh >> 1)),
          i1 = Math.min(H, ci + (bh >> 1));
        const j0 = Math.max(0, cj - (bw >> 1)),
          j1 = Math.min(W, cj + (bw >> 1));
        for (let b = 0; b < n; b++) {
          const o = b * size,
            q = perm[b] * size;
          for (let c = 0; c < C; c++)
            for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) x[o + (c * H + i) * W + j] = src[q + (c * H + i) * W + j];
        }
        // The labels mix by the area actually pasted (the box may be clipped).
        lambda = 1 - ((i1 - i0) * (j1 - j0)) / (H * W);
      }
    } else {
      for (let b = 0; b < n; b++) this.perm[b] = b;
    }
    const eps = this.smoothing;
    for (let b = 0; b < n; b++) {
      const r = b * K;
      for (let c = 0; c < K; c++) this.soft[r + c] = eps / K;
      this.soft[r + labels[b]] += (1 - eps) * lambda;
      this.soft[r + labels[this.perm[b]]] += (1 - eps) * (1 - lambda);
    }
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1)·U^(1/shape). */
function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number, v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(α, α) as X/(X + Y) with X, Y ~ Gamma(α). */
export function sampleBeta(alpha: number, rng: Rng): number {
  const x = sampleGamma(alpha, rng);
  const y = sampleGamma(alpha, rng);
  return x / (x + y);
}
