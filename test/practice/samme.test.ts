/** SAMME's error, vote α, reweighting and weighted vote against small examples computed by hand. */
import { describe, expect, it } from "vitest";
import { MIN_ERROR, argmaxRows, sammeRound, sammeVote, uniformWeights, weightedResample } from "../../runtime/practice/ensemble/samme.ts";

const labels = [0, 1, 2, 0, 1];

describe("sammeRound", () => {
  it("round 1 from uniform weights: err 0.4, α = log(0.6/0.4) + log(3 − 1) = log 3, the two misses ×3 then normalised", () => {
    const r = sammeRound(uniformWeights(5), labels, [0, 1, 0, 0, 2], 3);
    expect(r.error).toBeCloseTo(0.4, 15);
    expect(r.alpha).toBeCloseTo(Math.log(3), 15);
    // 0.2·[1, 1, 3, 1, 3] / 1.8
    expect(Array.from(r.weights)).toEqual([1 / 9, 1 / 9, 1 / 3, 1 / 9, 1 / 3].map((w) => expect.closeTo(w, 15)));
    expect(r.stop).toBeUndefined();
  });

  it("round 2 from those weights: one miss of weight 1/9, α = log(8) + log(2) = log 16, weights [16, 1, 3, 1, 3]/24", () => {
    const r = sammeRound(Float64Array.from([1 / 9, 1 / 9, 1 / 3, 1 / 9, 1 / 3]), labels, [2, 1, 2, 0, 1], 3);
    expect(r.error).toBeCloseTo(1 / 9, 15);
    expect(r.alpha).toBeCloseTo(Math.log(16), 14);
    expect(Array.from(r.weights)).toEqual([16 / 24, 1 / 24, 3 / 24, 1 / 24, 3 / 24].map((w) => expect.closeTo(w, 14)));
  });

  it("with K = 2 it is AdaBoost.M1: α = log((1 − err)/err)", () => {
    const r = sammeRound(uniformWeights(4), [0, 1, 1, 0], [0, 1, 1, 1], 2);
    expect(r.alpha).toBeCloseTo(Math.log(3), 15);
  });

  it("drops a learner no better than chance (err ≥ 1 − 1/K): no vote, weights unchanged", () => {
    // K = 3: chance is 2/3; four misses of five (0.8) is worse.
    const w = uniformWeights(5);
    const r = sammeRound(w, labels, [1, 2, 0, 1, 1], 3);
    expect(r.error).toBeCloseTo(0.8, 15);
    expect(r).toMatchObject({ alpha: 0, stop: "chance" });
    expect(Array.from(r.weights)).toEqual(Array.from(w));
  });

  it("keeps a perfect learner with α from the clipped error and stops (its weights would not change)", () => {
    const r = sammeRound(uniformWeights(5), labels, labels, 3);
    expect(r.error).toBe(0);
    expect(r.alpha).toBeCloseTo(Math.log((1 - MIN_ERROR) / MIN_ERROR) + Math.log(2), 10);
    expect(r.stop).toBe("perfect");
    expect(Array.from(r.weights)).toEqual(Array.from(uniformWeights(5)).map((w) => expect.closeTo(w, 15)));
  });
});

describe("sammeVote", () => {
  it("predicts argmax_k Σ α_m·1[h_m(x) = k]: two weak voters can outvote a strong one", () => {
    const h = [Int32Array.from([0, 0]), Int32Array.from([1, 1]), Int32Array.from([1, 0])];
    // row 0: class 0 gets 3, class 1 gets 1 + 1.5 = 2.5 → 0; row 1: class 0 gets 3 + 1.5 = 4.5, class 1 gets 1 → 0.
    expect(Array.from(sammeVote(h, [3, 1, 1.5], 2))).toEqual([0, 0]);
    // With the strong voter at 2: row 0: 2 vs 2.5 → 1.
    expect(Array.from(sammeVote(h, [2, 1, 1.5], 2))).toEqual([1, 0]);
  });

  it("breaks ties toward the lower class, as argmax does", () => {
    expect(Array.from(sammeVote([Int32Array.from([2]), Int32Array.from([1])], [1, 1], 3))).toEqual([1]);
    expect(Array.from(argmaxRows([0.2, 0.5, 0.5], 1, 3))).toEqual([1]);
  });
});

describe("weightedResample", () => {
  it("draws rows in proportion to their weights and never a row of weight 0", () => {
    const rows = weightedResample(Float64Array.from([0.5, 0.25, 0.25, 0]), 100_000, 1);
    const counts = [0, 0, 0, 0];
    for (const r of rows) counts[r]++;
    // Binomial standard error at n = 10⁵ is ≤ 0.0016: 0.01 is over 6 of them.
    expect(Math.abs(counts[0] / 1e5 - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(counts[1] / 1e5 - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(counts[2] / 1e5 - 0.25)).toBeLessThan(0.01);
    expect(counts[3]).toBe(0);
  });

  it("is the same draw for the same seed and another for another seed", () => {
    const w = uniformWeights(50);
    expect(Array.from(weightedResample(w, 50, 7))).toEqual(Array.from(weightedResample(w, 50, 7)));
    expect(Array.from(weightedResample(w, 50, 7))).not.toEqual(Array.from(weightedResample(w, 50, 8)));
  });
});
