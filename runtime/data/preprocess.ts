/**
 * Fitting and applying the `preprocess = [...]` steps. Steps run in order; each is fitted on the training
 * set as transformed by the steps before it, so statistics always come from the training set only and the
 * fitted object can be applied unchanged to validation, test and prediction inputs.
 * Statistics are accumulated in float64; the data stay float32.
 */
import type { PreprocessPlan } from "../contract.ts";
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import type { FittedPreprocessing, FittedStep, StatisticsScope } from "./fitted.ts";
import { applyPca, fitPca } from "./pca.ts";

/** Number of statistic groups for a scope; per_channel on a row that is not [C, ...] means per_feature. */
function groupCount(over: StatisticsScope, shape: number[], features: number): number {
  if (over === "global") return 1;
  if (over === "per_channel" && shape.length >= 2) return shape[0];
  return features;
}

function groupMeans(x: Float32Array, n: number, features: number, groups: number): Float64Array {
  const size = features / groups;
  const mean = new Float64Array(groups);
  for (let r = 0; r < n; r++) {
    let f = r * features;
    for (let g = 0; g < groups; g++) {
      let s = 0;
      for (let j = 0; j < size; j++) s += x[f++];
      mean[g] += s;
    }
  }
  for (let g = 0; g < groups; g++) mean[g] /= n * size;
  return mean;
}

/** Population variance (divide by the count, not count − 1), computed around the known mean (two-pass). */
function groupVariances(x: Float32Array, n: number, features: number, groups: number, mean: Float64Array): Float64Array {
  const size = features / groups;
  const v = new Float64Array(groups);
  for (let r = 0; r < n; r++) {
    let f = r * features;
    for (let g = 0; g < groups; g++) {
      const m = mean[g];
      let s = 0;
      for (let j = 0; j < size; j++) {
        const d = x[f++] - m;
        s += d * d;
      }
      v[g] += s;
    }
  }
  for (let g = 0; g < groups; g++) v[g] /= n * size;
  return v;
}

function fitStep(plan: PreprocessPlan, d: Dataset): FittedStep {
  switch (plan.kind) {
    case "scale":
      return { kind: "scale", factor: plan.factor };
    case "mean_subtract": {
      const groups = groupCount(plan.over, d.shape, d.features);
      return {
        kind: "mean_subtract",
        over: plan.over,
        groups,
        mean: groupMeans(d.x, d.n, d.features, groups),
      };
    }
    case "standardize": {
      const groups = groupCount(plan.over, d.shape, d.features);
      const mean = groupMeans(d.x, d.n, d.features, groups);
      const variance = groupVariances(d.x, d.n, d.features, groups, mean);
      // std = sqrt(population variance + eps): eps keeps constant features (e.g. MNIST's border pixels) finite.
      const std = variance.map((v) => Math.sqrt(v + plan.eps));
      return {
        kind: "standardize",
        over: plan.over,
        eps: plan.eps,
        groups,
        mean,
        std,
      };
    }
    case "pca_whiten":
      return fitPca(d.x, d.n, d.features, plan.components, plan.eps, d.source);
  }
}

/** x ← (x − shift[g]) · mul[g] per group, in place. */
function affineInPlace(x: Float32Array, n: number, features: number, shift: Float64Array, mul: Float64Array): void {
  const groups = shift.length;
  const size = features / groups;
  for (let r = 0; r < n; r++) {
    let f = r * features;
    for (let g = 0; g < groups; g++) {
      const s = shift[g];
      const m = mul[g];
      for (let j = 0; j < size; j++, f++) x[f] = (x[f] - s) * m;
    }
  }
}

/** Applies one step to a Dataset whose `x` this module owns (elementwise steps work in place). */
function applyStep(step: FittedStep, d: Dataset): Dataset {
  switch (step.kind) {
    case "scale":
      affineInPlace(d.x, d.n, d.features, Float64Array.of(0), Float64Array.of(step.factor));
      return d;
    case "mean_subtract":
      affineInPlace(d.x, d.n, d.features, step.mean, new Float64Array(step.groups).fill(1));
      return d;
    case "standardize":
      affineInPlace(
        d.x,
        d.n,
        d.features,
        step.mean,
        step.std.map((s) => 1 / s),
      );
      return d;
    case "pca_whiten":
      return {
        ...d,
        x: applyPca(step, d.x, d.n),
        features: step.components,
        shape: [step.components],
      };
  }
}

export function fitPreprocessing(steps: readonly PreprocessPlan[], train: Dataset): FittedPreprocessing {
  return fitAndApplyPreprocessing(steps, train).fitted;
}

/**
 * The preprocessing fitted on `train`, and `train` transformed by it: fitting transforms a copy of the rows
 * step by step anyway (each step is fitted on the previous one's output), and that copy is what
 * applyPreprocessing(fitted, train) would compute, value for value. Taking it saves a second copy of the
 * training set, which on Fashion-MNIST is 188 MB of a run's peak memory. With `inPlace` the rows of `train`
 * are that copy: the caller hands them over (a generated loadData's fresh loads) and saves the first one too.
 */
export function fitAndApplyPreprocessing(
  steps: readonly PreprocessPlan[],
  train: Dataset,
  inPlace = false,
): { fitted: FittedPreprocessing; train: Dataset } {
  let current: Dataset = {
    ...train,
    x: inPlace ? train.x : train.x.slice(),
    shape: [...train.shape],
  };
  const fitted: FittedStep[] = [];
  for (const plan of steps) {
    const step = fitStep(plan, current);
    fitted.push(step);
    current = applyStep(step, current);
  }
  return { fitted: { inputShape: [...train.shape], outputShape: [...current.shape], steps: fitted }, train: current };
}

/** A new Dataset with the inputs transformed (x is copied once; labels and targets are shared). */
export function applyPreprocessing(fitted: FittedPreprocessing, d: Dataset): Dataset {
  const expected = fitted.inputShape.reduce((a, b) => a * b, 1);
  if (d.features !== expected) {
    throw new DataError(
      d.source,
      `rows have ${d.features} features but the preprocessing was fitted on rows of ${expected} ([${fitted.inputShape.join(", ")}])`,
    );
  }
  let current: Dataset = { ...d, x: d.x.slice(), shape: [...d.shape] };
  for (const step of fitted.steps) current = applyStep(step, current);
  return current;
}
