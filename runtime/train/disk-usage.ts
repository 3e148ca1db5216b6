/**
 * How much disk a run folder will take, said before training starts: the checkpoint (the model's tensors),
 * the training state (the training weights again, optimizer buffers, EMA and early-stopping copies,
 * pending gradients, and 16 bytes per step of per-step loss and learning rate), and the numbered snapshots
 * checkpoint_every keeps (at most keep_last of them, plus snapshot-ensemble members), and the records:
 * metrics.json, report.html, plots/ and the generated module: about 450 bytes of JSON per epoch and 45 per
 * step in metrics.json, as much again plus 70 kB in report.html, half as much plus 400 kB of plots, 25 kB
 * of module (calibrated on runs of 10 and 500 epochs, where the estimate came within 6 %).
 * An estimate of the bulk, not a byte count.
 */
import type { CompiledModel } from "../contract.ts";
import { DEFAULT_KEEP_LAST } from "./keep-last.ts";
import { isCycleEnd } from "./snapshot-ensemble.ts";

export interface RunFolderBytes {
  readonly checkpoint: number;
  readonly state: number;
  /** Snapshots that stay on disk at once (keep_last, plus ensemble members), each the checkpoint's size. */
  readonly snapshots: number;
  readonly snapshotBytes: number;
  /** metrics.json, report.html and plots/. */
  readonly records: number;
  readonly total: number;
}

/** `plannedSteps` and `plannedEpochs`: the planned run's length (Infinity when unbounded). */
export function estimateRunFolder(model: CompiledModel, plannedSteps: number, plannedEpochs: number, rows: number): RunFolderBytes {
  const def = model.definition;
  const T = def.training;
  const bytes = def.precision === "f64" ? 8 : 4;
  const header = (name: string) => name.length + 64; // one tensor's JSON header entry
  let modelFloats = 0;
  let headers = 0;
  for (const t of def.tensors) {
    modelFloats += t.size;
    headers += header(t.name);
  }
  const checkpoint = modelFloats * bytes + headers + 256;
  const optimizer = (model.optimizerState?.() ?? []).reduce((s, b) => s + b.data.length, 0);
  const copies = 1 + (T.ema ? 1 : 0) + (T.earlyStopping ? 1 : 0); // training weights, EMA, best weights
  const pending = T.accumulate > 1 ? model.params.length : 0;
  const steps = Number.isFinite(plannedSteps) ? plannedSteps : 0;
  const epochs = Number.isFinite(plannedEpochs) ? plannedEpochs : 0;
  const history = 450 * epochs; // the metrics history, as JSON in the state's metadata and in metrics.json
  const order = rows * 8; // the batcher's permutation as JSON, about
  const state = (copies * modelFloats + optimizer + pending) * bytes + 16 * steps + history + order + headers + 1024;
  const metrics = history + 45 * steps;
  const records = metrics + (metrics + 70_000) + (metrics / 2 + 400_000) + 25_000;
  const every = T.checkpointEvery;
  let periodic = 0;
  if (every !== undefined) {
    const length = every.unit === "steps" ? plannedSteps : plannedEpochs;
    periodic = Number.isFinite(length)
      ? Math.min(T.keepLast ?? DEFAULT_KEEP_LAST, Math.floor(length / every.amount))
      : (T.keepLast ?? DEFAULT_KEEP_LAST);
  }
  let members = 0;
  const cycles = T.snapshotEnsemble;
  if (cycles && Number.isFinite(plannedEpochs))
    for (let e = 1; e <= plannedEpochs && members < 1000; e++) if (isCycleEnd(e, cycles.T0, cycles.Tmult)) members++;
  const snapshots = periodic + members;
  return {
    checkpoint,
    state,
    snapshots,
    snapshotBytes: snapshots * checkpoint,
    records,
    total: checkpoint + state + snapshots * checkpoint + records,
  };
}

/** 1.2 MB, 340 kB, 12 B: decimal units, three significant digits. */
export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toPrecision(3)} ${units[i]}`;
}
