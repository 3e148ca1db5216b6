/**
 * Everything an exact resume needs, written next to the model checkpoint and read back by `--resume DIR`.
 * training-state.safetensors is self-contained: besides the optimizer buffers it holds the raw training
 * weights and batch-norm statistics (checkpoint.safetensors may hold the EMA or best weights instead), the
 * pending gradients of an unfinished accumulation, the EMA average, the early-stopping best copy, and in
 * its JSON metadata the step, epoch, RNG, batcher permutation and position, the optimizer's scalar state,
 * num_batches_tracked, the metrics history and the NaN-policy state. Because the two files are renamed
 * into place one after the other, a crash between them can leave the model file one checkpoint ahead of
 * the state file; resuming reads only the state file, so it stays exact either way.
 */
import { nodeFs, nodePath } from "../node.ts";
import { CheckpointError } from "../checkpoint/errors.ts";
import type { TensorData } from "../checkpoint/tensor.ts";
import type { FloatArray } from "../types.ts";
import { loadTrainingState, saveModel, saveTrainingState, type LoopState } from "./checkpoint-io.ts";
import type { CompiledModel } from "../contract.ts";

const join = (...parts: string[]): string => nodePath("checkpoints in an output folder").join(...parts);

export const CHECKPOINT_FILE = "checkpoint.safetensors";
export const STATE_FILE = "training-state.safetensors";

/** The loop's own state beyond the model (what `LoopState.extra` carries). */
export interface LoopExtras {
  micro: number;
  history: Record<string, number | null | Record<string, number> | undefined>[];
  best: { value: number; epoch: number; wait: number } | undefined;
  batchesTracked: number[];
  /** Learning-rate multiplier of on_nan = restore_last (halved per restore). */
  lrScale: number;
  nanRestores: number;
  /** Set when the checkpoint was taken inside an epoch (`checkpoint_every = N steps`, `--steps`, Ctrl-C): the epoch's running sums so far. */
  partial?: EpochProgress;
  /** Loss·rows and rows of the micro-batches of an unfinished accumulation group (runtime/train/step-log.ts). */
  stepPending?: [number, number];
}

/** What an epoch has accumulated so far, so a resume inside it reports the same epoch metrics. */
export interface EpochProgress {
  lossSum: number;
  seen: number;
  correct: number;
  batch: number;
  ratios?: Record<string, number>;
}

/** Buffers the loop owns that a resume must restore bit for bit. */
export interface LoopBuffers {
  readonly ema: FloatArray | undefined;
  readonly bestParams: FloatArray | undefined;
  readonly bestStats: FloatArray | undefined;
}

export interface Checkpoint {
  readonly batcher: { position: number; permutation: number[] };
  readonly extras: LoopExtras;
  /** Overrides for checkpoint.safetensors' metadata (epoch, step, preprocessing). */
  readonly metadata: Record<string, string>;
  /** The weights checkpoint.safetensors should hold when they differ from the training weights (EMA, best). */
  readonly exportParams?: FloatArray;
  readonly exportStats?: FloatArray;
  /** Float64 records (the per-step log) stored beside the buffers. */
  readonly records?: Map<string, Float64Array>;
}

function withSwapped(model: CompiledModel, params: FloatArray | undefined, stats: FloatArray | undefined, f: () => void): void {
  const keepP = params ? model.params.slice() : undefined;
  const keepS = stats ? model.stats.slice() : undefined;
  if (params) model.params.set(params);
  if (stats) model.stats.set(stats);
  try {
    f();
  } finally {
    if (keepP) model.params.set(keepP);
    if (keepS) model.stats.set(keepS);
  }
}

/** Writes checkpoint.safetensors (the model, as PyTorch loads it) and then training-state.safetensors, each atomically. */
export function writeCheckpoint(model: CompiledModel, dir: string, c: Checkpoint, buffers: LoopBuffers): void {
  withSwapped(model, c.exportParams, c.exportStats, () => saveModel(model, join(dir, CHECKPOINT_FILE), c.metadata));
  const tensors = new Map<string, FloatArray>([
    ["train.params", model.params],
    ["train.stats", model.stats],
    ["train.grads", model.grads],
  ]);
  if (buffers.ema) tensors.set("ema", buffers.ema);
  if (buffers.bestParams) tensors.set("best.params", buffers.bestParams);
  if (buffers.bestStats) tensors.set("best.stats", buffers.bestStats);
  const state: LoopState = {
    epoch: model.epoch,
    step: model.step,
    rng: model.rng.getState(),
    batcher: c.batcher,
    scalars: model.scalarState?.() ?? {},
    extra: c.extras as unknown as Record<string, unknown>,
  };
  saveTrainingState(model, join(dir, STATE_FILE), state, tensors, c.records);
}

function restoreInto(path: string, tensors: Map<string, TensorData>, name: string, dst: FloatArray | undefined): void {
  if (!dst) return;
  const t = tensors.get(name);
  if (!t) throw new CheckpointError(path, `${name} is missing (the run that wrote it had different settings)`);
  if (t.dtype === "I64" || t.data.length !== dst.length) {
    throw new CheckpointError(path, `${name} has ${t.data.length} values but this model needs ${dst.length}`);
  }
  dst.set(t.data as Float32Array | Float64Array);
}

function validExtras(x: unknown): x is LoopExtras {
  const e = x as Partial<LoopExtras> | undefined;
  return (
    e !== undefined &&
    typeof e === "object" &&
    Number.isInteger(e.micro) &&
    Array.isArray(e.history) &&
    Array.isArray(e.batchesTracked) &&
    typeof e.lrScale === "number" &&
    Number.isInteger(e.nanRestores)
  );
}

export interface Resumed {
  readonly batcher: { position: number; permutation: number[] } | undefined;
  readonly extras: LoopExtras;
  /** Every tensor of the state file, for the records (step log) the loop restores itself. */
  readonly tensors: ReadonlyMap<string, TensorData>;
}

/** Loads DIR/training-state.safetensors into the model and the loop's buffers. */
export function readCheckpoint(model: CompiledModel, dir: string, buffers: LoopBuffers): Resumed {
  const path = join(dir, STATE_FILE);
  if (!nodeFs("resuming from a folder").existsSync(path))
    throw new CheckpointError(path, `no training state to resume from (train with checkpoint_every, or --out ${dir}, first)`);
  const { state, tensors } = loadTrainingState(model, path);
  if (!validExtras(state.extra))
    throw new CheckpointError(path, "the training state was written by an older nnc and cannot be resumed exactly");
  const extras = state.extra;
  restoreInto(path, tensors, "train.params", model.params);
  restoreInto(path, tensors, "train.stats", model.stats);
  restoreInto(path, tensors, "train.grads", model.grads);
  restoreInto(path, tensors, "ema", buffers.ema);
  restoreInto(path, tensors, "best.params", extras.best ? buffers.bestParams : undefined);
  restoreInto(path, tensors, "best.stats", extras.best ? buffers.bestStats : undefined);
  if (extras.batchesTracked.length !== model.batchesTracked.length) {
    throw new CheckpointError(
      path,
      `the state has ${extras.batchesTracked.length} batch-norm counters but the model has ${model.batchesTracked.length} batch-norm layers`,
    );
  }
  extras.batchesTracked.forEach((v, i) => (model.batchesTracked[i] = v));
  return { batcher: state.batcher, extras, tensors };
}
