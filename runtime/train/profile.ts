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
  /** Training steps the sums cover: every step after the first, or the first alone while it is the only one. */
  steps = 0;
  /**
   * The run's first step, set aside when it ends: it also compiles the kernels, starts the helper threads and builds
   * their programs, once per run. Spread over a short profile that misled: on ResNet-20 the first step takes about
   * 0.4–0.5 s more than a later one, and over six steps conv1's forward pass read 8.3 ms a step where it takes 0.9–1.8.
   */
  first: { forwardMs: Float64Array; backwardMs: Float64Array; phaseMs: Map<string, number>; totalMs: number } | undefined;

  constructor(readonly layers: readonly string[]) {
    this.forwardMs = new Float64Array(layers.length);
    this.backwardMs = new Float64Array(layers.length);
  }

  /** Ends a training step: the first is moved to `first` and the sums start again from the second. */
  endStep(): void {
    if (this.first !== undefined) {
      this.steps += 1;
      return;
    }
    let totalMs = 0;
    for (const ms of [...this.forwardMs, ...this.backwardMs, ...this.phaseMs.values()]) totalMs += ms;
    this.first = { forwardMs: this.forwardMs.slice(), backwardMs: this.backwardMs.slice(), phaseMs: new Map(this.phaseMs), totalMs };
    this.forwardMs.fill(0);
    this.backwardMs.fill(0);
    this.phaseMs.clear();
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

/** The steps the rows of a profile cover: those after the first, or the first when it was the only one. */
export function profiledSteps(p: StepProfile): { steps: number; firstOnly: boolean } {
  return p.steps === 0 && p.first !== undefined ? { steps: 1, firstOnly: true } : { steps: p.steps, firstOnly: false };
}

/** Per-step milliseconds of every layer and phase, and each one's share of the step (see profiledSteps). */
export function profileRows(p: StepProfile): ProfileRow[] {
  const { steps, firstOnly } = profiledSteps(p);
  const sums = firstOnly && p.first !== undefined ? p.first : p;
  const perStep = Math.max(1, steps);
  const layerTotal = sums.forwardMs.reduce((a, b) => a + b, 0) + sums.backwardMs.reduce((a, b) => a + b, 0);
  const phaseTotal = [...sums.phaseMs.values()].reduce((a, b) => a + b, 0);
  const total = layerTotal + phaseTotal || 1;
  const rows: ProfileRow[] = p.layers.map((name, i) => ({
    name,
    forwardMs: sums.forwardMs[i] / perStep,
    backwardMs: sums.backwardMs[i] / perStep,
    share: (sums.forwardMs[i] + sums.backwardMs[i]) / total,
  }));
  for (const [name, ms] of sums.phaseMs) rows.push({ name, forwardMs: ms / perStep, backwardMs: 0, share: ms / total });
  return rows;
}

/** profile.json: the steps the rows cover, the first step's milliseconds (set aside, see StepProfile.first), the rows. */
export function profileJson(p: StepProfile): { steps: number; firstStepOnly: boolean; firstStepMs: number | null; rows: ProfileRow[] } {
  const { steps, firstOnly } = profiledSteps(p);
  return { steps, firstStepOnly: firstOnly, firstStepMs: p.first?.totalMs ?? null, rows: profileRows(p) };
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
  const { steps, firstOnly } = profiledSteps(p);
  const heading = firstOnly
    ? "profile of the first training step only, which also compiles the kernels and starts the threads (wall time on the training thread)"
    : `profile of ${steps} training step${steps === 1 ? "" : "s"} after the first (wall time on the training thread; ` +
      `the first took ${(p.first?.totalMs ?? 0).toFixed(1)} ms, with the run's one-time start-up)`;
  return [heading, line(table[0]), ...table.slice(1).map(line)].join("\n");
}
