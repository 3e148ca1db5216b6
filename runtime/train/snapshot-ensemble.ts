/**
 * Snapshot ensembles (Huang et al. 2017, "Snapshot Ensembles: Train 1, get M for free"): with a cyclic
 * cosine learning rate, the model at the end of each cycle sits in a different low-loss region; averaging
 * those snapshots' softmax probabilities is an ensemble for the cost of one run. The members' predictions
 * on the evaluation set are taken when each snapshot is made, so no weights are kept in memory.
 */
import type { Dataset } from "../data/dataset.ts";
import { copyInto } from "../memory.ts";
import type { FloatArray } from "../types.ts";
import { accuracyOf, averageProbabilities, softmaxRows } from "./ensemble-average.ts";
import { predictAll } from "./evaluate.ts";
import type { CompiledModel } from "../contract.ts";

/** Whether a cosine_restarts cycle (lengths T0, T0·Tmult, …) ends after `epoch` epochs. */
export function isCycleEnd(epoch: number, T0: number, Tmult: number): boolean {
  for (let end = T0, length = T0; end <= epoch; length *= Tmult, end += length) if (end === epoch) return true;
  return false;
}

/** What metrics.json reports as `snapshot_ensemble`. */
export interface SnapshotEnsembleResult {
  /** Epochs whose snapshots are the members. */
  readonly epochs: number[];
  /** `test` or `validation`; undefined when the spec has neither (the snapshots are still saved). */
  readonly set: "test" | "validation" | undefined;
  readonly accuracy: number | undefined;
  readonly memberAccuracies: number[];
}

export class SnapshotEnsemble {
  private readonly probabilities: Float64Array[] = [];
  private readonly memberAccuracies: number[] = [];
  private readonly epochs: number[] = [];
  private classes = 0;

  constructor(
    private readonly data: Dataset | undefined,
    private readonly set: "test" | "validation" | undefined,
  ) {}

  /** Records the member of the current epoch, predicting with `weights` (the EMA average when on) swapped in. */
  add(model: CompiledModel, weights: FloatArray | undefined, scratch: FloatArray | undefined): void {
    this.epochs.push(model.epoch);
    const data = this.data;
    if (!data?.labels) return;
    if (weights && scratch) {
      copyInto(model.params, 0, scratch, 0, scratch.length);
      copyInto(weights, 0, model.params, 0, weights.length);
    }
    try {
      const C = (this.classes = model.definition.outputSize);
      const p = softmaxRows(predictAll(model, data), data.n, C);
      this.probabilities.push(p);
      this.memberAccuracies.push(accuracyOf(p, data.labels, C));
    } finally {
      if (weights && scratch) copyInto(scratch, 0, model.params, 0, scratch.length);
    }
  }

  result(): SnapshotEnsembleResult {
    const labels = this.data?.labels;
    const accuracy =
      labels && this.probabilities.length > 0 ? accuracyOf(averageProbabilities(this.probabilities), labels, this.classes) : undefined;
    return { epochs: [...this.epochs], set: this.set, accuracy, memberAccuracies: [...this.memberAccuracies] };
  }
}
