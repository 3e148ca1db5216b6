/**
 * The per-step record of a run: the training loss of each optimizer step (the mean over the rows of its
 * micro-batches, before the update), the learning rate the step used and the value of every other
 * scheduled hyperparameter at that step (`momentum`, `beta1`, `weight_decay`, `ema`,
 * `dropout.<layer>`, `weight_noise`, `gradient_noise`: only those the spec schedules). metrics.json carries it as
 * `per_step`, the report plots it (an epoch's mean hides a warm-up or a spike), and the training state
 * carries it as float64 tensors so a resumed run's record is the uninterrupted run's, bit for bit.
 */
import type { TensorData } from "../checkpoint/tensor.ts";

export const STEP_LOSS_TENSOR = "log.step_loss";
export const STEP_LR_TENSOR = "log.step_lr";
/** Scheduled hyperparameters are stored as `log.step.<name>`. */
const STEP_VALUE_PREFIX = "log.step.";

export class StepLog {
  loss: number[] = [];
  lr: number[] = [];
  /** Per scheduled hyperparameter (other than lr), its value at each step. */
  values: Record<string, number[]> = {};
  /** Rows and loss·rows of the micro-batches of the step being accumulated. */
  private pendingLoss = 0;
  private pendingRows = 0;

  /** One micro-batch's mean loss over `rows` rows. */
  addBatch(loss: number, rows: number): void {
    this.pendingLoss += loss * rows;
    this.pendingRows += rows;
  }

  /** The accumulation group was dropped (on_nan = skip_batch). */
  dropPending(): void {
    this.pendingLoss = 0;
    this.pendingRows = 0;
  }

  /** The optimizer stepped with rate `lr` (and these scheduled values): the pending micro-batches make up this step. */
  endStep(lr: number, values?: Record<string, number>): void {
    this.loss.push(this.pendingLoss / Math.max(this.pendingRows, 1));
    this.lr.push(lr);
    this.addValues(values);
    this.dropPending();
  }

  /** A full-batch (L-BFGS) step: its loss is the objective at the step's starting point. */
  fullBatchStep(loss: number, lr: number, values?: Record<string, number>): void {
    this.loss.push(loss);
    this.lr.push(lr);
    this.addValues(values);
  }

  /** Runs once per optimizer step: no entries array, and nothing at all for a spec that schedules nothing. */
  private addValues(values: Record<string, number> | undefined): void {
    if (values === undefined) return;
    for (const name in values) (this.values[name] ??= []).push(values[name]);
  }

  tensors(): Map<string, Float64Array> {
    return new Map([
      [STEP_LOSS_TENSOR, Float64Array.from(this.loss)],
      [STEP_LR_TENSOR, Float64Array.from(this.lr)],
      ...Object.entries(this.values).map(([name, v]): [string, Float64Array] => [STEP_VALUE_PREFIX + name, Float64Array.from(v)]),
    ]);
  }

  /**
   * Back to the record a checkpoint holds (resume, on_nan = restore_last). A state file written before the
   * log existed has none: the log then starts empty and covers the steps from here on.
   */
  restore(tensors: ReadonlyMap<string, TensorData>, pending: readonly [number, number] = [0, 0]): void {
    const loss = tensors.get(STEP_LOSS_TENSOR);
    const lr = tensors.get(STEP_LR_TENSOR);
    this.loss = loss && loss.dtype !== "I64" ? Array.from(loss.data as Float64Array) : [];
    this.lr = lr && lr.dtype !== "I64" ? Array.from(lr.data as Float64Array) : [];
    this.values = {};
    for (const [name, t] of tensors) {
      if (name.startsWith(STEP_VALUE_PREFIX) && t.dtype !== "I64")
        this.values[name.slice(STEP_VALUE_PREFIX.length)] = Array.from(t.data as Float64Array);
    }
    [this.pendingLoss, this.pendingRows] = pending;
  }

  /** The unfinished accumulation group's sums (a checkpoint at an epoch's end can fall inside one). */
  pending(): [number, number] {
    return [this.pendingLoss, this.pendingRows];
  }

  toJson(): { loss: number[]; lr: number[]; [scheduled: string]: number[] } {
    return { loss: this.loss, lr: this.lr, ...this.values };
  }
}
