import { describe, expect, it } from "vitest";
import {
  countCorrect,
  countTopK,
  hingeLoss,
  mseLoss,
  softmaxCrossEntropy,
  softmaxCrossEntropySoft,
} from "../../../runtime/kernels/losses.ts";
import { GRAD_TOL, numericGrad, randomArray, relError } from "./gradcheck.ts";

const B = 5,
  C = 4;
const labels = new Int32Array([0, 3, 1, 2, 3]);

describe("loss gradients match finite differences of the returned mean loss", () => {
  it.each([0, 0.1, 0.35])("softmax cross-entropy with label smoothing %f", (eps) => {
    const x = randomArray(B * C, 1, -3, 3),
      d = new Float64Array(B * C),
      scratch = new Float64Array(B * C);
    softmaxCrossEntropy(B, C, x, 0, labels, 0, eps, d, 0, 1);
    const num = numericGrad(() => softmaxCrossEntropy(B, C, x, 0, labels, 0, eps, scratch, 0, 1), x);
    expect(relError(d, num)).toBeLessThan(GRAD_TOL);
  });

  it("soft-target cross-entropy", () => {
    const x = randomArray(B * C, 2, -3, 3),
      t = randomArray(B * C, 3, 0, 1);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += t[b * C + c];
      for (let c = 0; c < C; c++) t[b * C + c] /= s;
    }
    const d = new Float64Array(B * C),
      scratch = new Float64Array(B * C);
    softmaxCrossEntropySoft(B, C, x, 0, t, 0, d, 0, 1);
    const num = numericGrad(() => softmaxCrossEntropySoft(B, C, x, 0, t, 0, scratch, 0, 1), x);
    expect(relError(d, num)).toBeLessThan(GRAD_TOL);
  });

  it("multiclass hinge", () => {
    const x = randomArray(B * C, 4, -1, 1),
      d = new Float64Array(B * C),
      scratch = new Float64Array(B * C);
    hingeLoss(B, C, x, 0, labels, 0, 1, d, 0, 1);
    const num = numericGrad(() => hingeLoss(B, C, x, 0, labels, 0, 1, scratch, 0, 1), x);
    expect(relError(d, num)).toBeLessThan(GRAD_TOL);
  });

  it("mse, scaled by gradMul", () => {
    const D = 3,
      o = randomArray(B * D, 5),
      t = randomArray(B * D, 6),
      d = new Float64Array(B * D),
      scratch = new Float64Array(B * D);
    mseLoss(B, D, o, 0, t, 0, d, 0, 0.5);
    const num = numericGrad(() => mseLoss(B, D, o, 0, t, 0, scratch, 0, 1), o);
    for (let i = 0; i < num.length; i++) num[i] *= 0.5;
    expect(relError(d, num)).toBeLessThan(GRAD_TOL);
  });
});

describe("loss values", () => {
  it("cross-entropy with smoothing is (1−ε)(−log p_y) + ε·mean_c(−log p_c)", () => {
    const x = new Float64Array([1, 2, 0.5]),
      d = new Float64Array(3);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(0.5);
    const nll = [1, 2, 0.5].map((v) => Math.log(z) - v);
    const loss = softmaxCrossEntropy(1, 3, x, 0, new Int32Array([2]), 0, 0.1, d, 0, 1);
    expect(loss).toBeCloseTo(0.9 * nll[2] + (0.1 * (nll[0] + nll[1] + nll[2])) / 3, 14);
  });

  it("cross-entropy stays finite for huge logits", () => {
    const x = new Float64Array([1000, -1000, 0]),
      d = new Float64Array(3);
    const loss = softmaxCrossEntropy(1, 3, x, 0, new Int32Array([1]), 0, 0, d, 0, 1);
    expect(loss).toBeCloseTo(2000, 10);
    expect(Number.isFinite(d[0])).toBe(true);
  });

  it("hinge sums margins over the wrong classes and averages over the batch", () => {
    const s = new Float64Array([3, 1, 2.5, 0, 0, 0]),
      d = new Float64Array(6);
    // row 0, label 1: max(0, 3−1+1) + max(0, 2.5−1+1) = 3 + 2.5; row 1, label 0: 1 + 1
    expect(hingeLoss(2, 3, s, 0, new Int32Array([1, 0]), 0, 1, d, 0, 1)).toBeCloseTo((5.5 + 2) / 2, 14);
  });

  it("mse averages over batch and outputs", () => {
    const o = new Float64Array([1, 2, 3, 4]),
      t = new Float64Array([0, 0, 0, 0]),
      d = new Float64Array(4);
    expect(mseLoss(2, 2, o, 0, t, 0, d, 0, 1)).toBeCloseTo(30 / 4, 14);
  });

  it("rejects labels outside the class range", () => {
    const d = new Float64Array(3);
    expect(() => softmaxCrossEntropy(1, 3, new Float64Array(3), 0, new Int32Array([3]), 0, 0, d, 0, 1)).toThrow(/outside/);
  });

  it("counts correct and top-k predictions", () => {
    const s = new Float64Array([0.1, 0.7, 0.2, 0.5, 0.2, 0.3, 0.2, 0.2, 0.6]); // row 2 ties class 0 with its label 1: the lower index ranks first
    const lab = new Int32Array([1, 2, 1]);
    expect(countCorrect(3, 3, s, 0, lab, 0)).toBe(1);
    expect(countTopK(3, 3, s, 0, lab, 0, 2)).toBe(2);
    expect(countTopK(3, 3, s, 0, lab, 0, 3)).toBe(3);
  });
});
