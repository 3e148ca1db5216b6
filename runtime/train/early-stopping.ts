/**
 * Early stopping: the best value of the monitored metric so far, the weights (and batch-norm statistics)
 * that reached it, and the epochs waited since. The loop shows it each evaluation; a resume restores it.
 */
import { copyInto } from "../memory.ts";
import type { FloatArray } from "../types.ts";
import type { EvaluationResult } from "./evaluate.ts";
import type { ModelDefinition } from "../contract.ts";

type Setting = NonNullable<ModelDefinition["training"]["earlyStopping"]>;

/** The part a checkpoint stores (the weights go in as tensors). */
export interface EarlyStoppingState {
  value: number;
  epoch: number;
  wait: number;
}

/** `train.loss`, `validation.accuracy`, `validation.top5`, … of this epoch; undefined when not measured. */
export function metricValue(
  name: string,
  train: { loss: number; accuracy: number | undefined },
  val: EvaluationResult | undefined,
): number | undefined {
  const [set, metric] = name.split(".");
  const source = set === "train" ? { loss: train.loss, accuracy: train.accuracy, topK: {} as Record<string, number> } : val;
  if (!source) return undefined;
  if (metric === "loss") return source.loss;
  if (metric === "accuracy") return source.accuracy;
  return source.topK[metric];
}

export class EarlyStopping {
  /** The best value so far, negated for `mode = max`, so lower is always better. */
  value = Infinity;
  /** The epoch that reached it (−1: none yet). */
  epoch = -1;
  wait = 0;
  readonly params: FloatArray;
  readonly stats: FloatArray;

  constructor(
    readonly setting: Setting,
    params: FloatArray,
    stats: FloatArray,
  ) {
    this.params = params.slice();
    this.stats = stats.slice();
  }

  /**
   * Records epoch `epoch`'s metrics, keeping `weights`/`stats` (the ones evaluation used) when they are the
   * best yet. Returns true when the metric has not improved for `patience` evaluations.
   */
  observe(
    epoch: number,
    train: { loss: number; accuracy: number | undefined },
    val: EvaluationResult,
    weights: FloatArray,
    stats: FloatArray,
  ): boolean {
    const value = metricValue(this.setting.metric, train, val);
    if (value === undefined) return false;
    const signed = this.setting.mode === "min" ? value : -value;
    if (signed < this.value - this.setting.minDelta) {
      this.value = signed;
      this.epoch = epoch;
      this.wait = 0;
      copyInto(weights, 0, this.params, 0, this.params.length);
      copyInto(stats, 0, this.stats, 0, this.stats.length);
      return false;
    }
    return ++this.wait >= this.setting.patience;
  }

  /** Whether the run should end on the best weights rather than the last ones. */
  get restoresBest(): boolean {
    return this.setting.restoreBest && this.epoch > 0;
  }

  state(): EarlyStoppingState {
    return { value: this.value, epoch: this.epoch, wait: this.wait };
  }

  setState(s: EarlyStoppingState): void {
    this.value = s.value;
    this.epoch = s.epoch;
    this.wait = s.wait;
  }
}
