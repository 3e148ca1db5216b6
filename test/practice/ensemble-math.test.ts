import { describe, expect, it } from "vitest";
import type { Dataset } from "../../runtime/data/dataset.ts";
import { accuracyOf, averageProbabilities, meanStd, softmaxRows } from "../../runtime/train/ensemble-average.ts";
import { bootstrapSample, kfoldSplit } from "../../runtime/practice/resample.ts";
import { isCycleEnd } from "../../runtime/train/snapshot-ensemble.ts";

/** n rows whose single feature is the row's index, so a resampled row says where it came from. */
function indexed(n: number): Dataset {
  const x = Float32Array.from({ length: n }, (_, i) => i);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  return { x, n, features: 1, shape: [1], labels, targets: undefined, targetSize: 0, classes: 3, source: "rows" };
}

describe("k-fold partition", () => {
  it("validates every row exactly once across the folds, never training on it in the same fold", () => {
    const d = indexed(23);
    const seen = new Array(23).fill(0);
    for (let fold = 0; fold < 4; fold++) {
      const { train, validation } = kfoldSplit(d, fold, 4, 7);
      expect(train.n + validation.n).toBe(23);
      const inTrain = new Set(train.x);
      for (const r of validation.x) {
        seen[r]++;
        expect(inTrain.has(r)).toBe(false);
        expect(validation.labels![validation.x.indexOf(r)]).toBe(r % 3);
      }
      expect(validation.n === 5 || validation.n === 6).toBe(true);
    }
    expect(seen).toEqual(new Array(23).fill(1));
  });

  it("gives the same folds for the same seed", () => {
    const d = indexed(20);
    expect(kfoldSplit(d, 1, 5, 3).validation.x).toEqual(kfoldSplit(d, 1, 5, 3).validation.x);
  });

  it("rejects more folds than rows", () => {
    expect(() => kfoldSplit(indexed(3), 0, 4, 0)).toThrow(RangeError);
  });
});

describe("bootstrap sample", () => {
  it("draws n rows of the original set, with repeats, about 63% of them distinct", () => {
    const d = indexed(2000);
    const s = bootstrapSample(d, 11);
    expect(s.n).toBe(2000);
    expect(s.x.length).toBe(2000);
    for (let i = 0; i < s.n; i++) expect(s.labels![i]).toBe(s.x[i] % 3);
    const distinct = new Set(s.x).size / 2000;
    // 1 − (1 − 1/n)^n → 1 − 1/e ≈ 0.632
    expect(distinct).toBeGreaterThan(0.6);
    expect(distinct).toBeLessThan(0.66);
  });

  it("is reproducible from its seed and differs across seeds", () => {
    const d = indexed(100);
    expect(bootstrapSample(d, 5).x).toEqual(bootstrapSample(d, 5).x);
    expect(bootstrapSample(d, 5).x).not.toEqual(bootstrapSample(d, 6).x);
  });
});

describe("averaging probabilities", () => {
  it("softmax rows are distributions", () => {
    const p = softmaxRows([1, 2, 3, -5, 0, 1000], 2, 3);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 12);
    expect(p[5]).toBeCloseTo(1, 12);
    expect(p[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
  });

  it("averages element-wise, so a confident correct member can outvote a hesitant wrong one", () => {
    const a = Float64Array.from([0.9, 0.1, 0.2, 0.8]);
    const b = Float64Array.from([0.4, 0.6, 0.6, 0.4]);
    const avg = averageProbabilities([a, b]);
    expect([...avg].map((v) => +v.toFixed(10))).toEqual([0.65, 0.35, 0.4, 0.6]);
    const labels = [0, 1];
    expect(accuracyOf(a, labels, 2)).toBe(1);
    expect(accuracyOf(b, labels, 2)).toBe(0);
    expect(accuracyOf(avg, labels, 2)).toBe(1);
  });

  it("rejects members of different sizes", () => {
    expect(() => averageProbabilities([new Float64Array(4), new Float64Array(6)])).toThrow(RangeError);
  });

  it("summarises member accuracies as mean and sample standard deviation", () => {
    expect(meanStd([0.9, 1.0, 0.8])).toEqual({ mean: expect.closeTo(0.9, 12), std: expect.closeTo(0.1, 12) });
    expect(meanStd([0.5]).std).toBe(0);
  });
});

describe("snapshot cycle ends", () => {
  it("fall at T0, T0 + T0·T_mult, … epochs", () => {
    const ends = Array.from({ length: 40 }, (_, e) => e + 1).filter((e) => isCycleEnd(e, 2, 2));
    expect(ends).toEqual([2, 6, 14, 30]);
    expect(Array.from({ length: 20 }, (_, e) => e + 1).filter((e) => isCycleEnd(e, 5, 1))).toEqual([5, 10, 15, 20]);
  });
});
