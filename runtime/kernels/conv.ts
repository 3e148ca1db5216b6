import type { FloatArray } from "../types.ts";
import { matmulNN, matmulNT, matmulTN } from "./gemm.ts";

/*
 * 2-D convolution in PyTorch's NCHW layout, lowered to GEMM through im2col, one sample at a time.
 *
 * Input x[n, C, H, W]: element (b, c, i, j) at xOff + ((b·C + c)·H + i)·W + j. Output y[n, O, OH, OW]
 * likewise. Weight w[O, C/groups, k, k] (nn.Conv2d's layout) at wOff; bias[O].
 * Output side: OH = ⌊(H + 2·pad − dil·(k − 1) − 1)/stride⌋ + 1 (same for OW).
 *
 * im2col writes col[C·k·k, OH·OW]: row (c·k + u)·k + v, column i·OW + j holds
 * x[b, c, i·stride − pad + u·dil, j·stride − pad + v·dil] (0 outside the image). Group g owns the
 * rows [g·Kc, (g+1)·Kc) with Kc = (C/groups)·k·k and the weights of filters [g·Og, (g+1)·Og), so
 *   forward      y_g[Og, P]   = w_g[Og, Kc] · col_g[Kc, P]            (matmulNN)
 *   weight grad  dw_g[Og, Kc] += dy_g[Og, P] · col_gᵀ                 (matmulNT)
 *   input grad   dcol_g[Kc, P] = w_gᵀ · dy_g[Og, P], then col2im adds (matmulTN)
 *                each dcol entry back onto the pixel it was copied from.
 * Float32 models on an Arena with SIMD take runtime/wasm/conv.ts instead (the whole batch as three
 * large products, chosen by runtime/dispatch/conv.ts); this per-sample lowering is the reference and
 * the path of float64 models. It runs on the operations it is given: the reference loops below by
 * default, or the dispatch layer's, whose column buffer lives in the model's Arena so the three
 * products take the SIMD GEMM path without staging copies.
 */

/** What the per-sample lowering runs on: the products, im2col/col2im, and a column buffer of at least `size` floats. */
export interface ConvOps {
  readonly matmulNN: typeof matmulNN;
  readonly matmulNT: typeof matmulNT;
  readonly matmulTN: typeof matmulTN;
  readonly im2col: typeof im2col;
  readonly col2im: typeof col2im;
  /** A column buffer suited to the model whose buffer `like` is; it only grows. */
  columns(like: FloatArray, size: number): FloatArray;
}

let colBuffer64 = new Float64Array(1024);

/** The reference column buffer: one module-level float64 buffer, as the reference products expect. */
export function referenceColumns(_like: FloatArray, size: number): FloatArray {
  if (colBuffer64.length < size) colBuffer64 = new Float64Array(Math.max(size, colBuffer64.length * 2));
  return colBuffer64;
}

/** The reference loops (im2col and col2im are the function declarations below). */
const referenceOps: ConvOps = { matmulNN, matmulNT, matmulTN, im2col, col2im, columns: referenceColumns };

/** The geometry of one convolution; the generated code passes literals. */
export interface ConvGeometry {
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly OH: number;
  readonly OW: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
  readonly dil: number;
  readonly groups: number;
}

/** col[C·k·k, OH·OW] of sample `b`. */
export function im2col(g: ConvGeometry, x: FloatArray, xOff: number, col: FloatArray): void {
  const { C, H, W, OH, OW, k, stride, pad, dil } = g;
  const P = OH * OW;
  for (let c = 0; c < C; c++) {
    const plane = xOff + c * H * W;
    for (let u = 0; u < k; u++) {
      for (let v = 0; v < k; v++) {
        const row = ((c * k + u) * k + v) * P;
        for (let i = 0; i < OH; i++) {
          const y = i * stride - pad + u * dil;
          const r = row + i * OW;
          if (y < 0 || y >= H) {
            for (let j = 0; j < OW; j++) col[r + j] = 0;
            continue;
          }
          const line = plane + y * W;
          for (let j = 0; j < OW; j++) {
            const xx = j * stride - pad + v * dil;
            col[r + j] = xx >= 0 && xx < W ? x[line + xx] : 0;
          }
        }
      }
    }
  }
}

/** dx[b] += the entries of dcol summed back onto the pixels im2col read them from. */
export function col2im(g: ConvGeometry, dcol: FloatArray, dx: FloatArray, dxOff: number): void {
  const { C, H, W, OH, OW, k, stride, pad, dil } = g;
  const P = OH * OW;
  for (let c = 0; c < C; c++) {
    const plane = dxOff + c * H * W;
    for (let u = 0; u < k; u++) {
      for (let v = 0; v < k; v++) {
        const row = ((c * k + u) * k + v) * P;
        for (let i = 0; i < OH; i++) {
          const y = i * stride - pad + u * dil;
          if (y < 0 || y >= H) continue;
          const line = plane + y * W;
          const r = row + i * OW;
          for (let j = 0; j < OW; j++) {
            const xx = j * stride - pad + v * dil;
            if (xx >= 0 && xx < W) dx[line + xx] += dcol[r + j];
          }
        }
      }
    }
  }
}

/** y = conv(x, w) + bias, then ReLU when `relu` (the fused conv + bias + activation epilogue). */
export function conv2dForward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  bias: FloatArray | null,
  bOff: number,
  y: FloatArray,
  yOff: number,
  relu: boolean,
  ops: ConvOps = referenceOps,
): void {
  const { C, H, W, O, OH, OW, k, groups } = g;
  const P = OH * OW;
  const Og = O / groups;
  const Kc = (C / groups) * k * k;
  const col = ops.columns(y, C * k * k * P);
  for (let b = 0; b < n; b++) {
    ops.im2col(g, x, xOff + b * C * H * W, col);
    const out = yOff + b * O * P;
    for (let gi = 0; gi < groups; gi++) {
      ops.matmulNN(Og, P, Kc, w, wOff + gi * Og * Kc, col, gi * Kc * P, y, out + gi * Og * P, false);
    }
    if (bias === null && !relu) continue;
    for (let o = 0; o < O; o++) {
      const bo = bias === null ? 0 : bias[bOff + o];
      const r = out + o * P;
      if (relu) {
        for (let p = 0; p < P; p++) {
          const s = y[r + p] + bo;
          y[r + p] = s > 0 ? s : 0;
        }
      } else for (let p = 0; p < P; p++) y[r + p] += bo;
    }
  }
}

/**
 * Backward of conv2dForward given dy (after any fused activation's own backward). Adds the weight
 * and bias gradients into dw/dbias when they are given; writes dx when it is given (dx must not alias dy).
 */
export function conv2dBackward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  dy: FloatArray,
  dyOff: number,
  dw: FloatArray | null,
  dwOff: number,
  dbias: FloatArray | null,
  dbOff: number,
  dx: FloatArray | null,
  dxOff: number,
  ops: ConvOps = referenceOps,
): void {
  const { C, H, W, O, OH, OW, k, groups } = g;
  const P = OH * OW;
  const Og = O / groups;
  const Kc = (C / groups) * k * k;
  const col = ops.columns(dy, C * k * k * P);
  const inSize = C * H * W;
  if (dx !== null) dx.fill(0, dxOff, dxOff + n * inSize);
  for (let b = 0; b < n; b++) {
    const d = dyOff + b * O * P;
    if (dbias !== null) {
      for (let o = 0; o < O; o++) {
        let s = 0;
        const r = d + o * P;
        for (let p = 0; p < P; p++) s += dy[r + p];
        dbias[dbOff + o] += s;
      }
    }
    if (dw !== null) {
      ops.im2col(g, x, xOff + b * inSize, col);
      for (let gi = 0; gi < groups; gi++) {
        ops.matmulNT(Og, Kc, P, dy, d + gi * Og * P, col, gi * Kc * P, dw, dwOff + gi * Og * Kc, null, 0, false, true);
      }
    }
    if (dx !== null) {
      for (let gi = 0; gi < groups; gi++) {
        ops.matmulTN(Kc, P, Og, w, wOff + gi * Og * Kc, dy, d + gi * Og * P, col, gi * Kc * P, false);
      }
      ops.col2im(g, col, dx, dxOff + b * inSize);
    }
  }
}
