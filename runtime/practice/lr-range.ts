/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates", 2017; fastai's lr_find): train from
 * the initial weights while the learning rate grows exponentially from `start` to `end`, one mini-batch
 * per value, recording the loss. The loss is smoothed with a bias-corrected exponential moving average;
 * the test stops once the smoothed loss exceeds `divergence` × its best value.
 *
 * Suggestion: the learning rate where the smoothed loss falls fastest per decade (steepest negative
 * slope against log lr), searched up to the minimum of the curve. The other common rule, a tenth of the
 * learning rate at the minimum, is reported beside it.
 */
import { setStepsPerEpoch } from "../schedules/steps-per-epoch.ts";
import { Batcher } from "../data/batcher.ts";
import type { Dataset } from "../data/dataset.ts";
import { requireFirstOrder, type CompiledModel } from "../contract.ts";

export interface LrRangeOptions {
  readonly start?: number;
  readonly end?: number;
  readonly iterations?: number;
  /** EMA factor of the smoothed loss. */
  readonly smoothing?: number;
  readonly divergence?: number;
}

export interface LrRangePoint {
  readonly step: number;
  readonly lr: number;
  readonly loss: number;
  readonly smoothed: number;
}

export interface LrRangeResult {
  readonly points: LrRangePoint[];
  readonly diverged: boolean;
  /** Learning rate of the steepest descent of the smoothed loss. */
  readonly steepest: number | undefined;
  /** A tenth of the learning rate at the smoothed loss's minimum. */
  readonly minOverTen: number | undefined;
  readonly suggestion: number | undefined;
}

/**
 * The generated update() reads its learning rate through this.lrAt(step, epoch), so replacing lrAt on
 * the instance drives every optimizer (and its per-layer lr multipliers) with the test's schedule.
 */
function driveLearningRate(model: CompiledModel, lr: (step: number) => number): void {
  model.lrAt = (step: number) => lr(step);
}

export function lrRangeTest(model: CompiledModel, data: Dataset, options: LrRangeOptions = {}): LrRangeResult {
  const def = model.definition;
  requireFirstOrder(model, "the learning-rate range test");
  const start = options.start ?? 1e-7;
  const end = options.end ?? 10;
  const iterations = options.iterations ?? 100;
  const beta = options.smoothing ?? 0.9;
  const divergence = options.divergence ?? 4;
  if (!(start > 0 && end > start && iterations >= 2))
    throw new RangeError(`lr range ${start} … ${end} over ${iterations} iterations is empty`);
  const ratio = Math.pow(end / start, 1 / (iterations - 1));
  const first = model.step;
  setStepsPerEpoch(model, data.n);
  driveLearningRate(model, (step) => start * Math.pow(ratio, step - first));
  const batcher = new Batcher(data, def.training.batchSize, def.training.shuffle, model.rng, def.precision);
  batcher.startEpoch();
  const points: LrRangePoint[] = [];
  let avg = 0;
  let best = Infinity;
  let diverged = false;
  for (let i = 0; i < iterations; i++) {
    let n = batcher.next();
    if (n === 0) {
      batcher.startEpoch();
      n = batcher.next();
    }
    const lr = model.lrAt(model.step, model.epoch);
    model.zeroGradients();
    const loss = model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, 1);
    if (!Number.isFinite(loss)) {
      diverged = true;
      break;
    }
    avg = beta * avg + (1 - beta) * loss;
    const smoothed = avg / (1 - Math.pow(beta, i + 1));
    points.push({ step: i, lr, loss, smoothed });
    if (smoothed > divergence * best) {
      diverged = true;
      break;
    }
    best = Math.min(best, smoothed);
    model.update();
  }
  const { steepest, minOverTen } = suggest(points);
  return { points, diverged, steepest, minOverTen, suggestion: steepest ?? minOverTen };
}

/** Both suggestion rules over the recorded curve; the first few points (EMA warm-up) are skipped. */
export function suggest(points: readonly LrRangePoint[]): { steepest: number | undefined; minOverTen: number | undefined } {
  if (points.length < 3) return { steepest: undefined, minOverTen: undefined };
  let iMin = 0;
  for (let i = 1; i < points.length; i++) if (points[i].smoothed < points[iMin].smoothed) iMin = i;
  const skip = Math.min(Math.floor(points.length / 10), Math.max(0, iMin - 1));
  let steepest: number | undefined;
  let slope = 0;
  for (let i = skip + 1; i <= iMin; i++) {
    const s = (points[i].smoothed - points[i - 1].smoothed) / (Math.log10(points[i].lr) - Math.log10(points[i - 1].lr));
    if (s < slope) {
      slope = s;
      steepest = points[i].lr;
    }
  }
  return { steepest, minOverTen: points[iMin].lr / 10 };
}
