/**
 * Optimizer steps in one epoch: one per `accumulate` batches of `batchSize` rows (the last batch may be
 * short), one for a full-batch optimizer. A schedule counted in steps converts its durations given in
 * epochs with this, once the training set's size is known — at compile time when the checker could read
 * the data's size, else when the generated module's training loop has loaded the data.
 */
export function stepsPerEpoch(rows: number, batchSize: number, accumulate = 1, fullBatch = false): number {
  if (fullBatch) return 1;
  return Math.max(1, Math.ceil(Math.ceil(rows / batchSize) / accumulate));
}

/** `steps + ⌈epochs · stepsPerEpoch⌉`: a schedule's length or milestone given partly in epochs, in steps. */
export function stepsOf(steps: number, epochs: number, perEpoch: number): number {
  return steps + Math.ceil(epochs * perEpoch);
}

/** What setStepsPerEpoch reads of a compiled model (structural, so this file imports nothing). */
interface ScheduledModel {
  stepsPerEpoch?: number;
  readonly definition: { readonly training: { readonly batchSize: number; readonly accumulate: number; readonly fullBatch: boolean } };
}

/** Tells a model how many optimizer steps an epoch over `rows` training rows takes (see CompiledModel.stepsPerEpoch). */
export function setStepsPerEpoch(model: ScheduledModel, rows: number): void {
  const T = model.definition.training;
  model.stepsPerEpoch = stepsPerEpoch(rows, T.batchSize, T.accumulate, T.fullBatch);
}
