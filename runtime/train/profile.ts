/**
 * Where a training step's time goes: wall time per layer and pass (forward, backward) measured inside the
 * generated model when it was compiled with profiling on (`nnc train --profile`), and per phase of the
 * step (gathering the batch, augmentation, the optimizer update, EMA, the finiteness check) measured by the
 * training loop. Times are the training thread's: a layer whose kernels run on helper threads is timed from
 * the call to its return, which is what the step waits for; data-parallel workers are not timed.
 */
export type Pass = 0 | 1;
export const FORWARD: Pass = 0;
export const BACKWARD: Pass = 1;

export class StepProfile {
  /** Milliseconds per layer, forward (training-mode passes only) and backward, summed over the run. */
  readonly forwardMs: Float64Array;
  readonly backwardMs: Float64Array;
  /** Milliseconds per loop phase, summed over the run, in the order first seen. */
  readonly phaseMs = new Map<string, number>();
  /** Training steps the sums cover. */
  steps = 0;

  constructor(readonly layers: readonly string[]) {
    this.forwardMs = new Float64Array(layers.length);
    this.backwardMs = new Float64Array(layers.length);
  }

  /** Adds the time since `since` to `layer`'s pass and returns now, the next layer's start. */
  lap(layer: number, pass: Pass, since: number): number {
    const now = performance.now();
    (pass === FORWARD ? this.forwardMs : this.backwardMs)[layer] += now - since;
    return now;
  }

  /** Milliseconds recorded so far for the layers and the loss (what the model times itself). */
  measuredMs(): number {
    let sum = this.phaseMs.get("loss") ?? 0;
    for (let i = 0; i < this.layers.length; i++) sum += this.forwardMs[i] + this.backwardMs[i];
    return sum;
  }

  /** Adds the time since `since` to a loop phase and returns now. */
  phase(name: string, since: number): number {
    const now = performance.now();
    this.phaseMs.set(name, (this.phaseMs.get(name) ?? 0) + now - since);
    return now;
  }
}

export interface ProfileRow {
  readonly name: string;
  readonly forwardMs: number;
  readonly backwardMs: number;
  /** Share of the whole step's measured time, 0–1. */
  readonly share: number;
}

/** Per-step milliseconds of every layer and phase, and each one's share of the step. */
export function profileRows(p: StepProfile): ProfileRow[] {
  const steps = Math.max(1, p.steps);
  const layerTotal = p.forwardMs.reduce((a, b) => a + b, 0) + p.backwardMs.reduce((a, b) => a + b, 0);
  const phaseTotal = [...p.phaseMs.values()].reduce((a, b) => a + b, 0);
  const total = layerTotal + phaseTotal || 1;
  const rows: ProfileRow[] = p.layers.map((name, i) => ({
    name,
    forwardMs: p.forwardMs[i] / steps,
    backwardMs: p.backwardMs[i] / steps,
    share: (p.forwardMs[i] + p.backwardMs[i]) / total,
  }));
  for (const [name, ms] of p.phaseMs) rows.push({ name, forwardMs: ms / steps, backwardMs: 0, share: ms / total });
  return rows;
}

/** The profile as a text table: per-step milliseconds forward and backward, and share of the step. */
export function formatProfile(p: StepProfile): string {
  const rows = profileRows(p);
  const ms = (x: number): string => (x === 0 ? "" : x.toFixed(3));
  const table = [
    ["layer / phase", "forward ms", "backward ms", "share"],
    ...rows.map((r) => [r.name, ms(r.forwardMs), ms(r.backwardMs), `${(100 * r.share).toFixed(1)}%`]),
  ];
  const total = rows.reduce((a, r) => a + r.forwardMs + r.backwardMs, 0);
  table.push(["total per step", total.toFixed(3), "", "100.0%"]);
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]): string => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [
    `profile of ${p.steps} training step${p.steps === 1 ? "" : "s"} (wall time on the training thread)`,
    line(table[0]),
    ...table.slice(1).map(line),
  ].join("\n");
}
