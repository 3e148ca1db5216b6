/**
 * The `on_nan` policy: what the loop does when a batch's loss, its gradients or the parameters after a step
 * stop being finite.
 * - stop (default): throw TrainingDivergedError naming the step, the first non-finite tensor and the learning
 *   rate. Nothing is written after the fault, so the last checkpoint on disk is the last good state.
 * - skip_batch: drop that batch's gradients (no optimizer step, the batch does not count in the epoch's loss)
 *   and go on. A step whose gradients were finite but made a parameter non-finite cannot be undone and stops.
 *   More than MAX_SKIPS_IN_A_ROW skips in a row stop too: the run is not recovering. An epoch in which every
 *   batch was skipped has no train metrics (null), and the run reports how many batches it skipped of how
 *   many it tried (the CLI fails a run that skipped more than half).
 * A validation loss that is not finite is a fault too (the weights are finite but useless): stop and
 * skip_batch stop, restore_last restores.
 * - restore_last: reload the last checkpoint written in this run (weights, optimizer, RNG, data order, EMA,
 *   early stopping) and continue with the learning rate halved, at most MAX_RESTORES times per run. The loop
 *   writes a checkpoint before the first step so there always is one. Replaying the same steps at the same
 *   rate would diverge again; halving the rate is the usual manual fix, done automatically.
 * L-BFGS (full batch) always stops: its step is one indivisible line search.
 */
import { divergedError, TrainingDivergedError } from "./divergence.ts";
import type { CompiledModel, TrainingSettings } from "../contract.ts";
import type { FloatArray } from "../types.ts";

export const MAX_SKIPS_IN_A_ROW = 100;
export const MAX_RESTORES = 5;

export type NanPolicy = NonNullable<TrainingSettings["onNan"]>;

/** A plain loop over the gradient buffer: finite exactly when the sum is (barring overflow, itself divergence). */
export function gradientsFinite(grads: FloatArray): boolean {
  let s = 0;
  for (let i = 0; i < grads.length; i++) s += grads[i];
  return Number.isFinite(s);
}

export type NanAction = "skip" | "restore";

/** Decides, per fault, between skipping, restoring and stopping; counts what it did for the log. */
export class NanGuard {
  skipped = 0;
  private skipsInARow = 0;

  constructor(
    readonly policy: NanPolicy,
    /** Restores already done (carried across a resume, so the limit holds per run). */
    public restores: number,
  ) {}

  /** A batch went through cleanly. */
  ok(): void {
    this.skipsInARow = 0;
  }

  /**
   * What to do about a fault found `where` ("loss" before the step, "parameters" after it). Throws the
   * divergence error when the policy, or its limits, say stop.
   */
  onFault(
    model: CompiledModel,
    what: string,
    where: "loss" | "gradients" | "parameters" | "validation",
    step: number,
    epoch: number,
    lr: number,
    canRestore: boolean,
  ): NanAction {
    const stop = (why: string): TrainingDivergedError => {
      const e = divergedError(model, what, step, epoch, lr);
      return why === "" ? e : new TrainingDivergedError(`${e.message} (on_nan = ${this.policy}: ${why})`, e.step, e.lr, e.tensor);
    };
    if (this.policy === "skip_batch" && (where === "loss" || where === "gradients")) {
      if (++this.skipsInARow > MAX_SKIPS_IN_A_ROW) throw stop(`${MAX_SKIPS_IN_A_ROW} batches in a row were skipped`);
      this.skipped++;
      return "skip";
    }
    if (this.policy === "restore_last") {
      if (!canRestore) throw stop("there is no checkpoint to restore (give an output folder)");
      if (this.restores >= MAX_RESTORES) throw stop(`already restored ${MAX_RESTORES} times`);
      this.restores++;
      return "restore";
    }
    if (this.policy !== "skip_batch") throw stop("");
    throw stop(
      where === "validation"
        ? "the weights give a non-finite validation loss, which skipping a batch cannot undo"
        : "a step made a parameter non-finite, which skipping cannot undo",
    );
  }
}
