import { describe, expect, it } from "vitest";
import type { PreprocessPlan } from "../../../compiler/ir.ts";
import { applyPreprocessing, type Dataset, fitPreprocessing, fittedFromJson, fittedToJson } from "../../../runtime/data/index.ts";
import { fitAndApplyPreprocessing } from "../../../runtime/data/preprocess.ts";
import { Rng } from "../../../runtime/rng.ts";
import { expectDataError } from "./helpers.ts";

function dataset(x: number[] | Float32Array, shape: number[], source = "train"): Dataset {
  const features = shape.reduce((a, b) => a * b, 1);
  const n = x.length / features;
  return {
    x: Float32Array.from(x),
    n,
    features,
    shape,
    labels: new Int32Array(n),
    targets: undefined,
    targetSize: 0,
    classes: 1,
    source,
  };
}

/** Rows with per-feature offsets and spreads so per-feature and global statistics differ. */
function randomRows(n: number, F: number, seed: number, shift = 0): number[] {
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) out.push(shift + f * 3 + (f + 1) * rng.normal());
  return out;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const popVar = (v: number[]): number => mean(v.map((x) => (x - mean(v)) ** 2));
const column = (x: number[], F: number, f: number): number[] => x.filter((_, i) => i % F === f);

function expectClose(actual: Float32Array, expected: number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tol * (1 + Math.abs(expected[i])));
}

describe("fitPreprocessing / applyPreprocessing", () => {
  const F = 4;
  const trainX = randomRows(200, F, 1);
  const testX = randomRows(50, F, 2, 10); // a different distribution: statistics must not come from it
  const train = dataset(trainX, [F]);
  const test = dataset(testX, [F], "test");

  it("scales every value by the factor", () => {
    const out = applyPreprocessing(fitPreprocessing([{ kind: "scale", factor: 0.5 }], train), test);
    expectClose(
      out.x,
      testX.map((v) => v * 0.5),
    );
  });

  it("standardizes per feature with the training mean and population std", () => {
    const plan: PreprocessPlan[] = [{ kind: "standardize", over: "per_feature", eps: 1e-8 }];
    const out = applyPreprocessing(fitPreprocessing(plan, train), test);
    const m = [0, 1, 2, 3].map((f) => mean(column(trainX, F, f)));
    const s = [0, 1, 2, 3].map((f) => Math.sqrt(popVar(column(trainX, F, f)) + 1e-8));
    expectClose(
      out.x,
      testX.map((v, i) => (v - m[i % F]) / s[i % F]),
    );
  });

  it("standardizes globally over every value of the training set", () => {
    const plan: PreprocessPlan[] = [{ kind: "standardize", over: "global", eps: 0.5 }];
    const out = applyPreprocessing(fitPreprocessing(plan, train), test);
    const m = mean(trainX);
    const s = Math.sqrt(popVar(trainX) + 0.5);
    expectClose(
      out.x,
      testX.map((v) => (v - m) / s),
    );
  });

  it("subtracts per-channel means over the H·W values of each channel", () => {
    const shape = [2, 2, 2];
    const x = randomRows(30, 8, 3);
    const out = applyPreprocessing(
      fitPreprocessing([{ kind: "mean_subtract", over: "per_channel" }], dataset(x, shape)),
      dataset(x, shape),
    );
    const channelMean = [0, 1].map((c) => mean(x.filter((_, i) => Math.floor((i % 8) / 4) === c)));
    expectClose(
      out.x,
      x.map((v, i) => v - channelMean[Math.floor((i % 8) / 4)]),
    );
    expect(out.shape).toEqual(shape);
  });

  it("treats per_channel on flat rows as per_feature", () => {
    const a = applyPreprocessing(fitPreprocessing([{ kind: "mean_subtract", over: "per_channel" }], train), test);
    const b = applyPreprocessing(fitPreprocessing([{ kind: "mean_subtract", over: "per_feature" }], train), test);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });

  it("fits each step on the output of the previous ones", () => {
    const plan: PreprocessPlan[] = [
      { kind: "scale", factor: 2 },
      { kind: "mean_subtract", over: "global" },
    ];
    const out = applyPreprocessing(fitPreprocessing(plan, train), test);
    const m = mean(trainX.map((v) => v * 2));
    expectClose(
      out.x,
      testX.map((v) => v * 2 - m),
    );
  });

  it("leaves the input data set untouched and shares labels", () => {
    const before = Array.from(test.x);
    const out = applyPreprocessing(fitPreprocessing([{ kind: "scale", factor: 3 }], train), test);
    expect(Array.from(test.x)).toEqual(before);
    expect(out.labels).toBe(test.labels);
    expect(out.x).not.toBe(test.x);
  });

  it("fitting hands back the training set as applying the fit would give it, without touching the caller's rows", () => {
    const plan: PreprocessPlan[] = [
      { kind: "scale", factor: 1 / 255 },
      { kind: "standardize", over: "per_feature", eps: 1e-8 },
    ];
    const before = Array.from(train.x);
    const { fitted, train: prepared } = fitAndApplyPreprocessing(plan, train);
    expect(fittedToJson(fitted)).toEqual(fittedToJson(fitPreprocessing(plan, train)));
    expect(Array.from(prepared.x)).toEqual(Array.from(applyPreprocessing(fitted, train).x));
    expect(Array.from(train.x)).toEqual(before);
    expect(prepared.labels).toBe(train.labels);
  });

  it("in place, fitting transforms the rows it is handed (a generated loadData's own loads) to the same values", () => {
    const plan: PreprocessPlan[] = [
      { kind: "scale", factor: 1 / 255 },
      { kind: "standardize", over: "global", eps: 1e-8 },
    ];
    const expected = Array.from(fitAndApplyPreprocessing(plan, train).train.x);
    const owned = dataset(Array.from(train.x), train.shape);
    const { train: prepared } = fitAndApplyPreprocessing(plan, owned, true);
    expect(prepared.x).toBe(owned.x);
    expect(Array.from(prepared.x)).toEqual(expected);
  });

  it("rejects inputs with a different number of features than the training set", () => {
    const fitted = fitPreprocessing([{ kind: "scale", factor: 3 }], train);
    expectDataError(() => applyPreprocessing(fitted, dataset([1, 2, 3], [3], "other.csv")), "other.csv", undefined, /3 features/, /4/);
  });

  it("round-trips fitted statistics through JSON exactly", () => {
    const plan: PreprocessPlan[] = [
      { kind: "scale", factor: 1 / 255 },
      { kind: "standardize", over: "per_feature", eps: 1e-8 },
      { kind: "pca_whiten", components: 3, eps: 1e-5 },
    ];
    const fitted = fitPreprocessing(plan, train);
    const restored = fittedFromJson(fittedToJson(fitted));
    expect(Array.from(applyPreprocessing(restored, test).x)).toEqual(Array.from(applyPreprocessing(fitted, test).x));
    expect(restored.outputShape).toEqual([3]);
  });

  it("rejects damaged fitted statistics", () => {
    const text = fittedToJson(fitPreprocessing([{ kind: "mean_subtract", over: "per_feature" }], train));
    const damaged = text.replace(/"mean":\[[^\]]*\]/, '"mean":[1,2]');
    expectDataError(() => fittedFromJson(damaged, "ckpt.safetensors"), "ckpt.safetensors", undefined, /mean is not 4 numbers/);
    expectDataError(() => fittedFromJson("{", "ckpt.safetensors"), "ckpt.safetensors", undefined, /not JSON/);
  });
});

describe("pca_whiten", () => {
  // x = A·z + offset with z standard normal: strongly correlated features.
  const A = [
    [2, 0, 0],
    [1.5, 0.5, 0],
    [-1, 0.3, 0.2],
    [0.5, 1, 1],
  ];
  function correlated(n: number, seed: number): number[] {
    const rng = new Rng(seed);
    const out: number[] = [];
    for (let r = 0; r < n; r++) {
      const z = [rng.normal(), rng.normal(), rng.normal()];
      for (let f = 0; f < 4; f++) out.push(10 + f + A[f][0] * z[0] + A[f][1] * z[1] + A[f][2] * z[2]);
    }
    return out;
  }
  function covariance(x: Float32Array, n: number, k: number): number[][] {
    const m = Array.from({ length: k }, (_, j) => mean(Array.from(x).filter((_, i) => i % k === j)));
    return Array.from({ length: k }, (_, a) =>
      Array.from({ length: k }, (_, b) => {
        let s = 0;
        for (let r = 0; r < n; r++) s += (x[r * k + a] - m[a]) * (x[r * k + b] - m[b]);
        return s / n;
      }),
    );
  }
  const trainX = correlated(2000, 5);
  const train = dataset(trainX, [4]);

  it("yields an identity covariance on the training set", () => {
    const fitted = fitPreprocessing([{ kind: "pca_whiten", components: undefined, eps: 1e-5 }], train);
    const out = applyPreprocessing(fitted, train);
    expect(out.shape).toEqual([4]);
    // The 4th direction has (near) zero variance (rank 3), so only the top 3 whiten to 1.
    const c = covariance(out.x, out.n, 4);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(Math.abs(c[a][b] - (a === b ? 1 : 0))).toBeLessThan(1e-3);
  });

  it("keeps the top components, ordered by explained variance", () => {
    const fitted = fitPreprocessing([{ kind: "pca_whiten", components: 2, eps: 1e-5 }], train);
    const out = applyPreprocessing(fitted, train);
    expect(out.features).toBe(2);
    expect(out.shape).toEqual([2]);
    const c = covariance(out.x, out.n, 2);
    expect(Math.abs(c[0][0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(c[1][1] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(c[0][1])).toBeLessThan(1e-3);
    const step = fitted.steps[0];
    expect(step.kind === "pca_whiten" && step.eigenvalues[0] >= step.eigenvalues[1]).toBe(true);
  });

  it("centres other data sets with the training mean", () => {
    const trainMean = [0, 1, 2, 3].map((f) => mean(column(trainX, 4, f)));
    const fitted = fitPreprocessing([{ kind: "pca_whiten", components: 3, eps: 1e-5 }], train);
    const out = applyPreprocessing(fitted, dataset(trainMean, [4], "one row"));
    for (const v of out.x) expect(Math.abs(v)).toBeLessThan(1e-4);
  });

  it("rejects a component count beyond the number of features", () => {
    expectDataError(
      () => fitPreprocessing([{ kind: "pca_whiten", components: 5, eps: 1e-5 }], train),
      "train",
      undefined,
      /components = 5/,
      /4 input features/,
    );
  });
});
