/** Reading a run folder's checkpoint files back for comparisons (tensors exactly, metadata without timings). */
import { join } from "node:path";
import { readSafetensors } from "../../runtime/checkpoint/read.ts";

export interface RunFiles {
  readonly tensors: Record<string, number[]>;
  readonly state: Record<string, unknown>;
}

function tensorsOf(path: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of readSafetensors(path).tensors) out[name] = Array.from(t.data as Float32Array, Number);
  return out;
}

/** The model tensors, the training-state tensors, and the loop state with wall-clock fields removed. */
export function readRun(dir: string): RunFiles {
  const model = tensorsOf(join(dir, "checkpoint.safetensors"));
  const stateFile = readSafetensors(join(dir, "training-state.safetensors"));
  const tensors: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(model)) tensors[`model:${k}`] = v;
  for (const [name, t] of stateFile.tensors) tensors[`state:${name}`] = Array.from(t.data as Float32Array, Number);
  const state = JSON.parse(stateFile.metadata.state) as Record<string, unknown> & { extra: { history: Record<string, unknown>[] } };
  state.extra.history = state.extra.history.map(
    ({ seconds, samples_per_second, ...rest }) => (void seconds, void samples_per_second, rest),
  );
  return { tensors, state };
}
