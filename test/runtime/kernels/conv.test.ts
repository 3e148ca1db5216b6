import { describe, expect, it } from "vitest";
import { conv2dBackward, conv2dForward, type ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

function geometry(
  C: number,
  H: number,
  W: number,
  O: number,
  k: number,
  stride: number,
  pad: number,
  dil: number,
  groups: number,
): ConvGeometry {
  const side = (s: number) => Math.floor((s + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
  return { C, H, W, O, OH: side(H), OW: side(W), k, stride, pad, dil, groups };
}

/** The definition of nn.Conv2d written as seven plain loops, independent of im2col. */
function reference(n: number, g: ConvGeometry, x: Float64Array, w: Float64Array, bias: Float64Array | null): Float64Array {
  const { C, H, W, O, OH, OW, k, stride, pad, dil, groups } = g;
  const Cg = C / groups,
    Og = O / groups;
  const y = new Float64Array(n * O * OH * OW);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < O; o++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          let s = bias === null ? 0 : bias[o];
          const gi = Math.floor(o / Og);
          for (let c = 0; c < Cg; c++)
            for (let u = 0; u < k; u++)
              for (let v = 0; v < k; v++) {
                const r = i * stride - pad + u * dil,
                  q = j * stride - pad + v * dil;
                if (r < 0 || r >= H || q < 0 || q >= W) continue;
                s += w[((o * Cg + c) * k + u) * k + v] * x[((b * C + gi * Cg + c) * H + r) * W + q];
              }
          y[((b * O + o) * OH + i) * OW + j] = s;
        }
  return y;
}

const cases: [string, ConvGeometry][] = [
  ["3×3, no padding", geometry(2, 6, 5, 3, 3, 1, 0, 1, 1)],
  ["stride 2 with padding 1", geometry(3, 7, 7, 4, 3, 2, 1, 1, 1)],
  ["dilation 2 with padding 2", geometry(2, 6, 6, 2, 3, 1, 2, 2, 1)],
  ["groups 2", geometry(4, 5, 5, 6, 3, 1, 1, 1, 2)],
  ["depthwise (groups = channels), stride 2", geometry(3, 6, 6, 3, 2, 2, 0, 1, 3)],
  ["1×1 kernel", geometry(3, 4, 4, 5, 1, 1, 0, 1, 1)],
];

describe("conv2d forward equals the direct definition", () => {
  for (const [name, g] of cases) {
    it(name, () => {
      const n = 2;
      const x = randomArray(n * g.C * g.H * g.W, 1),
        w = randomArray(g.O * (g.C / g.groups) * g.k * g.k, 2),
        bias = randomArray(g.O, 3);
      const y = new Float64Array(n * g.O * g.OH * g.OW);
      conv2dForward(n, g, x, 0, w, 0, bias, 0, y, 0, false);
      expect(relError(y, reference(n, g, x, w, bias))).toBeLessThan(1e-12);
    });
  }

  it("applies the fused ReLU after the bias", () => {
    const g = cases[1][1];
    const x = randomArray(g.C * g.H * g.W, 4),
      w = randomArray(g.O * g.C * 9, 5),
      bias = randomArray(g.O, 6);
    const y = new Float64Array(g.O * g.OH * g.OW);
    conv2dForward(1, g, x, 0, w, 0, bias, 0, y, 0, true);
    expect(
      relError(
        y,
        reference(1, g, x, w, bias).map((v) => Math.max(0, v)),
      ),
    ).toBeLessThan(1e-12);
    expect(y.some((v) => v === 0)).toBe(true);
  });
});

describe("conv2d backward matches finite differences for input, weight and bias", () => {
  for (const [name, g] of cases) {
    it(name, () => {
      const n = 2;
      const x = randomArray(n * g.C * g.H * g.W, 7),
        w = randomArray(g.O * (g.C / g.groups) * g.k * g.k, 8),
        bias = randomArray(g.O, 9);
      const r = randomArray(n * g.O * g.OH * g.OW, 10);
      const f = () => {
        const y = new Float64Array(r.length);
        conv2dForward(n, g, x, 0, w, 0, bias, 0, y, 0, false);
        return weightedSum(y, r);
      };
      const dx = new Float64Array(x.length),
        dw = new Float64Array(w.length),
        db = new Float64Array(g.O);
      conv2dBackward(n, g, x, 0, w, 0, r, 0, dw, 0, db, 0, dx, 0);
      expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
      expect(relError(dw, numericGrad(f, w))).toBeLessThan(GRAD_TOL);
      expect(relError(db, numericGrad(f, bias))).toBeLessThan(GRAD_TOL);
    });
  }

  it("adds into existing weight and bias gradients", () => {
    const g = cases[0][1];
    const x = randomArray(g.C * g.H * g.W, 11),
      w = randomArray(g.O * g.C * 9, 12),
      r = randomArray(g.O * g.OH * g.OW, 13);
    const dw1 = new Float64Array(w.length),
      db1 = new Float64Array(g.O);
    conv2dBackward(1, g, x, 0, w, 0, r, 0, dw1, 0, db1, 0, null, 0);
    const dw2 = new Float64Array(w.length).fill(1),
      db2 = new Float64Array(g.O).fill(2);
    conv2dBackward(1, g, x, 0, w, 0, r, 0, dw2, 0, db2, 0, null, 0);
    expect(
      relError(
        dw2,
        dw1.map((v) => v + 1),
      ),
    ).toBeLessThan(1e-14);
    expect(
      relError(
        db2,
        db1.map((v) => v + 2),
      ),
    ).toBeLessThan(1e-14);
  });
});
