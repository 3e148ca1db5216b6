/**
 * Fitted preprocessing: the statistics each `preprocess` step learned from the training set, so the same
 * transform can be applied to validation, test and prediction inputs, and saved in a checkpoint.
 *
 * Elementwise steps work on "groups" of features: feature f of a row belongs to group ⌊f / (features/groups)⌋.
 * `global` is one group, `per_feature` one group per feature, `per_channel` one group per channel of a
 * [C, H, W] row (contiguous H·W features).
 */
import { DataError } from "./errors.ts";

export type StatisticsScope = "global" | "per_feature" | "per_channel";

export type FittedStep =
  | { kind: "scale"; factor: number }
  | {
      kind: "mean_subtract";
      over: StatisticsScope;
      groups: number;
      mean: Float64Array;
    }
  | {
      kind: "standardize";
      over: StatisticsScope;
      eps: number;
      groups: number;
      mean: Float64Array;
      std: Float64Array;
    }
  | {
      kind: "pca_whiten";
      eps: number;
      inFeatures: number;
      components: number;
      /** Per-feature training mean [inFeatures]. */
      mean: Float64Array;
      /** The top `components` covariance eigenvectors as rows: [components, inFeatures] row-major. */
      basis: Float64Array;
      /** Covariance eigenvalues λ_k, descending [components]; outputs are scaled by 1/sqrt(λ_k + eps). */
      eigenvalues: Float64Array;
    };

export interface FittedPreprocessing {
  /** Row shape the statistics were fitted on; inputs must have the same number of features. */
  inputShape: number[];
  /** Row shape after all steps (pca_whiten flattens to [components]). */
  outputShape: number[];
  steps: FittedStep[];
}

const FORMAT_VERSION = 1;

/** JSON text (float64 values round-trip exactly through JSON numbers), e.g. for checkpoint metadata. */
export function fittedToJson(fitted: FittedPreprocessing): string {
  const plain = (v: unknown): unknown => (v instanceof Float64Array ? Array.from(v) : v);
  return JSON.stringify({
    version: FORMAT_VERSION,
    inputShape: fitted.inputShape,
    outputShape: fitted.outputShape,
    steps: fitted.steps.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, plain(v)]))),
  });
}

/** Inverse of fittedToJson; validates sizes so a damaged checkpoint cannot yield a silently wrong transform. */
export function fittedFromJson(text: string, source = "preprocessing statistics"): FittedPreprocessing {
  const fail = (what: string): never => {
    throw new DataError(source, `invalid fitted preprocessing: ${what}`);
  };
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || raw.version !== FORMAT_VERSION) {
    return fail(`expected an object with version ${FORMAT_VERSION}`);
  }
  const shape = (v: unknown, name: string): number[] =>
    Array.isArray(v) && v.every((d) => Number.isInteger(d) && d > 0) ? (v as number[]) : fail(`${name} is not a shape`);
  const num = (v: unknown, name: string): number => (typeof v === "number" ? v : fail(`${name} is not a number`));
  const floats = (v: unknown, length: number, name: string): Float64Array =>
    Array.isArray(v) && v.length === length && v.every((x) => typeof x === "number")
      ? Float64Array.from(v as number[])
      : fail(`${name} is not ${length} numbers`);
  const scope = (v: unknown): StatisticsScope =>
    v === "global" || v === "per_feature" || v === "per_channel" ? v : fail(`unknown scope ${JSON.stringify(v)}`);
  const inputShape = shape(raw.inputShape, "inputShape");
  const outputShape = shape(raw.outputShape, "outputShape");
  if (!Array.isArray(raw.steps)) return fail("steps is not a list");
  const steps: FittedStep[] = raw.steps.map((s: any, i: number): FittedStep => {
    const at = `step ${i}`;
    switch (s?.kind) {
      case "scale":
        return { kind: "scale", factor: num(s.factor, `${at} factor`) };
      case "mean_subtract": {
        const groups = num(s.groups, `${at} groups`);
        return {
          kind: "mean_subtract",
          over: scope(s.over),
          groups,
          mean: floats(s.mean, groups, `${at} mean`),
        };
      }
      case "standardize": {
        const groups = num(s.groups, `${at} groups`);
        return {
          kind: "standardize",
          over: scope(s.over),
          eps: num(s.eps, `${at} eps`),
          groups,
          mean: floats(s.mean, groups, `${at} mean`),
          std: floats(s.std, groups, `${at} std`),
        };
      }
      case "pca_whiten": {
        const inFeatures = num(s.inFeatures, `${at} inFeatures`);
        const components = num(s.components, `${at} components`);
        return {
          kind: "pca_whiten",
          eps: num(s.eps, `${at} eps`),
          inFeatures,
          components,
          mean: floats(s.mean, inFeatures, `${at} mean`),
          basis: floats(s.basis, inFeatures * components, `${at} basis`),
          eigenvalues: floats(s.eigenvalues, components, `${at} eigenvalues`),
        };
      }
      default:
        return fail(`${at} has unknown kind ${JSON.stringify(s?.kind)}`);
    }
  });
  return { inputShape, outputShape, steps };
}
