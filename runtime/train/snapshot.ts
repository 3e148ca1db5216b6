/**
 * Checkpoint snapshots: with `checkpoint_every`, each periodic checkpoint also keeps a numbered copy of
 * the model's weights, `snapshots/epoch-0005.safetensors` (or `step-000500.safetensors` when the period
 * counts steps), so any point of a run can be evaluated, compared or ensembled later
 * (checkpoint.safetensors itself is overwritten each time). Only the newest `keep_last` (default
 * DEFAULT_KEEP_LAST) periodic snapshots are kept: a run with `checkpoint_every = 100 steps` used to keep
 * every one forever. Snapshots that end a snapshot-ensemble cycle are members and are never deleted.
 */
import { nodeFs, nodePath } from "../node.ts";
import type { FloatArray } from "../types.ts";
export { DEFAULT_KEEP_LAST } from "./keep-last.ts";
import { saveModel } from "./checkpoint-io.ts";
import type { CompiledModel } from "../contract.ts";

const join = (...parts: string[]): string => nodePath("writing snapshots").join(...parts);

const SNAPSHOT_NAME = { epoch: /^epoch-(\d+)\.safetensors$/, step: /^step-(\d+)\.safetensors$/ } as const;

/**
 * Deletes all but the newest `keep` snapshots of one kind in OUT/snapshots, sparing those `isMember`
 * claims (snapshot-ensemble members). Returns the deleted paths.
 */
export function pruneSnapshots(
  outDir: string,
  by: "epoch" | "step",
  keep: number,
  isMember: (n: number) => boolean = () => false,
): string[] {
  const { readdirSync, rmSync } = nodeFs("pruning snapshots");
  const dir = join(outDir, "snapshots");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const numbered = names
    .map((name) => ({ name, n: Number(SNAPSHOT_NAME[by].exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isInteger(f.n) && !isMember(f.n))
    .sort((a, b) => b.n - a.n);
  const deleted = numbered.slice(keep).map((f) => join(dir, f.name));
  for (const path of deleted) rmSync(path, { force: true });
  return deleted;
}

export function snapshotPath(outDir: string, epoch: number): string {
  return join(outDir, "snapshots", `epoch-${String(epoch).padStart(4, "0")}.safetensors`);
}

export function stepSnapshotPath(outDir: string, step: number): string {
  return join(outDir, "snapshots", `step-${String(step).padStart(6, "0")}.safetensors`);
}

/**
 * Saves the weights evaluation uses (`weights`: the EMA average when on, else the current parameters),
 * named by the model's epoch, or by its step when `by` is "step".
 */
export function saveSnapshot(
  model: CompiledModel,
  outDir: string,
  metadata: Record<string, string>,
  weights?: FloatArray,
  by: "epoch" | "step" = "epoch",
): string {
  const path = by === "step" ? stepSnapshotPath(outDir, model.step) : snapshotPath(outDir, model.epoch);
  nodeFs("writing snapshots").mkdirSync(nodePath("writing snapshots").dirname(path), { recursive: true });
  if (!weights) {
    saveModel(model, path, metadata);
    return path;
  }
  const training = Float64Array.from(model.params);
  model.params.set(weights);
  try {
    saveModel(model, path, metadata);
  } finally {
    model.params.set(training);
  }
  return path;
}
