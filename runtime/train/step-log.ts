/**
 * The per-step record of a run: the training loss of each optimizer step (the mean over the rows of its
 * micro-batches, before the update) and the learning rate the step used. metrics.json carries it as
 * `per_step`, the report plots it (an epoch's mean hides a warm-up or a spike), and the training state
 * carries it as float64 tensors so a resumed run's record is the uninterrupted run's, bit for bit.
 */
import type { TensorData } from "../checkpoint/tensor.ts";

export const STEP_LOSS_TENSOR = "log.step_loss";
export const STEP_LR_TENSOR = "log.step_lr";

export class StepLog {
  loss: number[] = [];
  lr: number[] = [];
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

  /** The optimizer stepped with rate `lr`: the pending micro-batches make up this step. */
  endStep(lr: number): void {
    this.loss.push(this.pendingLoss / Math.max(this.pendingRows, 1));
    this.lr.push(lr);
    this.dropPending();
  }

  /** A full-batch (L-BFGS) step: its loss is the objective at the step's starting point. */
  fullBatchStep(loss: number, lr: number): void {
    this.loss.push(loss);
    this.lr.push(lr);
  }

  tensors(): Map<string, Float64Array> {
    return new Map([
      [STEP_LOSS_TENSOR, Float64Array.from(this.loss)],
      [STEP_LR_TENSOR, Float64Array.from(this.lr)],
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
    [this.pendingLoss, this.pendingRows] = pending;
  }

  /** The unfinished accumulation group's sums (a checkpoint at an epoch's end can fall inside one). */
  pending(): [number, number] {
    return [this.pendingLoss, this.pendingRows];
  }

  toJson(): { loss: number[]; lr: number[] } {
    return { loss: this.loss, lr: this.lr };
  }
}
