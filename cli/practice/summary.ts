/** Text for the member tables and mean ± std summaries that ensemble, kfold and bagging print. */
import { accuracyOf, averageProbabilities, meanStd } from "../../runtime/train/ensemble-average.ts";
import type { TrialOutcome } from "./trial.ts";
import type { Plan } from "../../compiler/index.ts";
import { UsageError } from "../errors.ts";

export function pm(xs: readonly (number | null)[]): string {
  const vals = xs.filter((x): x is number => x !== null);
  if (vals.length === 0) return "-";
  const { mean, std } = meanStd(vals);
  return `${mean.toFixed(4)} ± ${std.toFixed(4)}`;
}

/** Mean and standard deviation of the values present, for JSON summaries (null when there are none). */
export function summarize(xs: readonly (number | null)[]): { mean: number; std: number } | null {
  const vals = xs.filter((x): x is number => x !== null);
  return vals.length === 0 ? null : meanStd(vals);
}

export function f4(x: number | null): string {
  return x === null ? "-" : x.toFixed(4);
}

/** Accuracy of the averaged class probabilities of every member on their common evaluation set. */
export function ensembleAccuracy(members: readonly TrialOutcome[]): number {
  const probs = members.map((m) => m.probabilities);
  const labels = members[0].labels;
  if (probs.some((p) => p === undefined) || labels === undefined) throw new Error("internal: ensemble members without probabilities");
  return accuracyOf(averageProbabilities(probs as Float64Array[]), labels, members[0].classes);
}

/** Ensembles are judged on held-out rows: the test set, else the validation set. */
export function requireEvaluationSet(plan: Plan, file: string, command: string): void {
  if (plan.data?.test === undefined && plan.data?.validation === undefined) {
    throw new UsageError(
      `${file}: ${command} evaluates on the test or validation set, and the spec declares neither (add \`validation = split(train, 0.2)\`)`,
    );
  }
}
