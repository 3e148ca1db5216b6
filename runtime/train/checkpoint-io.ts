/**
 * Model checkpoints in safetensors with PyTorch's state_dict names and layouts, so a file written here
 * loads with `model.load_state_dict(safetensors.torch.load_file(path))` and the reverse. The optimizer
 * state and the loop's position go to a separate training-state file, because load_state_dict (strict)
 * rejects keys it does not know.
 */
import { parseSafetensors, readSafetensors } from "../checkpoint/read.ts";
import { safetensorsBytes, writeSafetensors } from "../checkpoint/write.ts";
import { CheckpointError } from "../checkpoint/errors.ts";
import type { TensorData } from "../checkpoint/tensor.ts";
import type { FloatArray } from "../types.ts";
import type { CompiledModel } from "../contract.ts";

function floatTensor(model: CompiledModel, data: FloatArray, shape: readonly number[]): TensorData {
  return model.definition.precision === "f64"
    ? { dtype: "F64", shape: [...shape], data: Float64Array.from(data) }
    : { dtype: "F32", shape: [...shape], data: Float32Array.from(data) };
}

/** The model's state_dict: parameters and batch-norm buffers under PyTorch's names. */
export function stateDict(model: CompiledModel): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  const def = model.definition;
  for (const t of def.tensors) {
    const buffer = t.buffer === "params" ? model.params : model.stats;
    out.set(t.name, floatTensor(model, buffer.subarray(t.offset, t.offset + t.size), t.shape));
    // PyTorch lists num_batches_tracked right after running_var.
    if (t.name.endsWith(".running_var")) {
      const layer = t.name.slice(0, -".running_var".length);
      const i = def.batchNorms.indexOf(layer);
      out.set(`${layer}.num_batches_tracked`, { dtype: "I64", shape: [], data: BigInt64Array.of(BigInt(model.batchesTracked[i])) });
    }
  }
  return out;
}

export function saveModel(model: CompiledModel, path: string, metadata: Record<string, string> = {}): void {
  writeSafetensors(path, stateDict(model), { format: "pt", source: model.definition.source, ...metadata });
}

/** The model's checkpoint as safetensors bytes (the file saveModel writes): what a page offers as a download. */
export function checkpointBytes(model: CompiledModel, metadata: Record<string, string> = {}): Uint8Array {
  return safetensorsBytes(stateDict(model), { format: "pt", source: model.definition.source, ...metadata });
}

function copyChecked(path: string, name: string, t: TensorData, shape: readonly number[], dst: FloatArray, offset: number): void {
  const same = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
  if (!same) {
    throw new CheckpointError(path, `tensor ${name} has shape [${t.shape.join(", ")}] but the model expects [${shape.join(", ")}]`);
  }
  if (t.dtype === "I64") throw new CheckpointError(path, `tensor ${name} has dtype I64 but the model expects floating point (F32 or F64)`);
  const src = t.data as Float32Array | Float64Array;
  // A diverged model's weights would evaluate to `loss NaN` and exit 0; refuse them here, naming the tensor.
  let bad = 0;
  let first = -1;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!Number.isFinite(v)) {
      if (bad++ === 0) first = i;
    }
    dst[offset + i] = v;
  }
  if (bad > 0) {
    throw new CheckpointError(
      path,
      `tensor ${name} holds ${bad} of ${src.length} values that are NaN or infinite (the first at index ${first}: ${src[first]}); the checkpoint was saved from a diverged model`,
    );
  }
}

/** Loads every tensor of a state_dict file into the model; missing, unexpected or misshapen tensors are errors, as with PyTorch's strict loading. */
export function loadStateDictInto(model: CompiledModel, path: string): void {
  setStateDict(model, readSafetensors(path).tensors, path);
}

/** The model with the weights of a checkpoint's bytes (e.g. fetched in a browser); `name` names them in errors. */
export function loadModelBytes<M extends CompiledModel>(model: M, bytes: Uint8Array, name = "checkpoint"): M {
  setStateDict(model, parseSafetensors(bytes, name).tensors, name);
  return model;
}

function setStateDict(model: CompiledModel, tensors: Map<string, TensorData>, path: string): void {
  const def = model.definition;
  const expected = new Set<string>();
  for (const t of def.tensors) {
    expected.add(t.name);
    const found = tensors.get(t.name);
    if (!found)
      throw new CheckpointError(
        path,
        `tensor ${t.name} [${t.shape.join(", ")}] is missing (the file has: ${[...tensors.keys()].join(", ") || "no tensors"})`,
      );
    copyChecked(path, t.name, found, t.shape, t.buffer === "params" ? model.params : model.stats, t.offset);
  }
  def.batchNorms.forEach((layer, i) => {
    const name = `${layer}.num_batches_tracked`;
    expected.add(name);
    const found = tensors.get(name);
    if (!found) return; // older PyTorch checkpoints lack it; PyTorch then keeps its counter too
    if (found.dtype !== "I64" || found.data.length !== 1) throw new CheckpointError(path, `tensor ${name} must be an I64 scalar`);
    model.batchesTracked[i] = Number((found.data as BigInt64Array)[0]);
  });
  const unexpected = [...tensors.keys()].filter((k) => !expected.has(k));
  if (unexpected.length > 0) {
    throw new CheckpointError(
      path,
      `unexpected tensors not in the model: ${unexpected.join(", ")} (the model has: ${[...expected].join(", ")})`,
    );
  }
}

export function loadModel<M extends CompiledModel>(model: M, path: string): M {
  loadStateDictInto(model, path);
  return model;
}

const fileCache = new Map<string, Map<string, TensorData>>();

/** Pretrained initialisation of one tensor (`from("file.safetensors")` on a layer). */
export function loadTensorInto(path: string, name: string, dst: FloatArray, shape: readonly number[]): void {
  let tensors = fileCache.get(path);
  if (!tensors) {
    tensors = readSafetensors(path).tensors;
    fileCache.set(path, tensors);
  }
  const t = tensors.get(name);
  if (!t) throw new CheckpointError(path, `tensor ${name} is missing (the file has: ${[...tensors.keys()].join(", ")})`);
  copyChecked(path, name, t, shape, dst, 0);
}

/** Everything beyond the weights that an exact resume needs. */
export interface LoopState {
  readonly epoch: number;
  readonly step: number;
  readonly rng: number[];
  readonly batcher: { position: number; permutation: number[] } | undefined;
  readonly scalars: Record<string, number>;
  readonly extra: Record<string, unknown>;
}

/** `extraTensors` are stored in the model's precision, `records` (measurements such as the per-step loss) always in float64. */
export function saveTrainingState(
  model: CompiledModel,
  path: string,
  state: LoopState,
  extraTensors: Map<string, FloatArray> = new Map(),
  records: Map<string, Float64Array> = new Map(),
): void {
  const tensors = new Map<string, TensorData>();
  for (const s of model.optimizerState?.() ?? []) tensors.set(`optimizer.${s.name}`, floatTensor(model, s.data, [s.data.length]));
  for (const [name, data] of extraTensors) tensors.set(name, floatTensor(model, data, [data.length]));
  for (const [name, data] of records) tensors.set(name, { dtype: "F64", shape: [data.length], data });
  writeSafetensors(path, tensors, { format: "nnc-training-state", state: JSON.stringify(state) });
}

export function loadTrainingState(model: CompiledModel, path: string): { state: LoopState; tensors: Map<string, TensorData> } {
  const { tensors, metadata } = readSafetensors(path);
  if (metadata.format !== "nnc-training-state" || typeof metadata.state !== "string") {
    throw new CheckpointError(path, "not an nnc training-state file (metadata.format should be nnc-training-state)");
  }
  for (const s of model.optimizerState?.() ?? []) {
    const t = tensors.get(`optimizer.${s.name}`);
    if (!t) throw new CheckpointError(path, `optimizer state ${s.name} is missing`);
    copyChecked(path, `optimizer.${s.name}`, t, [s.data.length], s.data, 0);
  }
  let state: LoopState;
  try {
    state = JSON.parse(metadata.state) as LoopState;
  } catch {
    throw new CheckpointError(path, "metadata.state is not valid JSON");
  }
  model.step = state.step;
  model.epoch = state.epoch;
  model.rng.setState(state.rng);
  model.setScalarState?.(state.scalars);
  return { state, tensors };
}
