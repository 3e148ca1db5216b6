/**
 * ReduceLROnPlateau (PyTorch 1.13.1, threshold_mode 'rel', eps 1e-8): after more than `patience`
 * evaluations without improving on the best metric by the relative threshold, multiply the value by
 * `factor` (not below `min`, and not at all when the change would be ≤ 1e-8), then wait `cooldown`
 * evaluations before counting bad ones again.
 */
export interface PlateauState {
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
}

const EPS = 1e-8;

export class PlateauScheduler {
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly cooldown: number;
  readonly min: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;

  constructor(mode: "min" | "max", factor: number, patience: number, threshold: number, cooldown: number, min: number) {
    if (!(factor < 1) || !(factor >= 0)) throw new RangeError(`reduce_on_plateau factor must be in [0, 1), got ${factor}`);
    if (mode !== "min" && mode !== "max") throw new RangeError(`reduce_on_plateau mode must be min or max, got ${String(mode)}`);
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.min = min;
    this.best = mode === "min" ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    return this.mode === "min" ? a < this.best * (1 - this.threshold) : a > this.best * (this.threshold + 1);
  }

  /** Records one evaluation of the metric; returns the (possibly reduced) value to use from now on. */
  step(metric: number, current: number): number {
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
      const next = Math.max(current * this.factor, this.min);
      if (current - next > EPS) return next;
    }
    return current;
  }

  getState(): PlateauState {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter };
  }

  setState(s: PlateauState): void {
    this.best = s.best;
    this.numBadEpochs = s.numBadEpochs;
    this.cooldownCounter = s.cooldownCounter;
  }
}
