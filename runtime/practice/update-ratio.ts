/**
 * Update/weight ratio: ‖Δw‖ / ‖w‖ of one optimizer step, per weight matrix (CS231n: "the ratio of the
 * updates to the values … should be somewhere around 1e-3; if it is lower the learning rate might be too
 * low, if it is higher it is likely too high"). Check 5 of `nnc doctor` averages it over the first steps;
 * the training loop records one step per epoch in metrics.json.
 */
import { setStepsPerEpoch } from "../schedules/steps-per-epoch.ts";
import { Batcher } from "../data/batcher.ts";
import type { Dataset } from "../data/dataset.ts";
import { requireFirstOrder, type CompiledModel } from "../contract.ts";
import { updateWeightRatios, weightTensors } from "../train/update-ratio.ts";
import { RATIO_STEPS } from "./doctor-defaults.ts";

export const TARGET_RATIO = 1e-3;
/** The band accepted around 1e-3: a decade and a half either side, since adaptive optimizers start high. */
export const RATIO_LOW = 3e-5;
export const RATIO_HIGH = 3e-2;

export interface UpdateRatioRow {
  readonly tensor: string;
  /** Geometric mean of the ratio over the steps (ratios spread over decades). */
  readonly ratio: number;
  readonly verdict: "ok" | "too low" | "too high";
}

export function ratioVerdict(r: number): UpdateRatioRow["verdict"] {
  return r < RATIO_LOW ? "too low" : r > RATIO_HIGH ? "too high" : "ok";
}

/** Takes `steps` ordinary training steps on the spec's mini-batches and measures the ratio at each. */
export function checkUpdateRatios(model: CompiledModel, data: Dataset, steps = RATIO_STEPS): UpdateRatioRow[] {
  const def = model.definition;
  requireFirstOrder(model, "the update/weight ratio check");
  const batcher = new Batcher(data, def.training.batchSize, def.training.shuffle, model.rng, def.precision);
  setStepsPerEpoch(model, data.n);
  const before = def.precision === "f64" ? new Float64Array(model.params.length) : new Float32Array(model.params.length);
  const logSum: Record<string, number> = {};
  batcher.startEpoch();
  for (let s = 0; s < steps; s++) {
    let n = batcher.next();
    if (n === 0) {
      batcher.startEpoch();
      n = batcher.next();
    }
    before.set(model.params);
    model.zeroGradients();
    model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, 1);
    model.update();
    for (const [name, r] of Object.entries(updateWeightRatios(model, before)))
      logSum[name] = (logSum[name] ?? 0) + Math.log(Math.max(r, 1e-300));
  }
  return weightTensors(model).map((t) => {
    const ratio = Math.exp(logSum[t.name] / steps);
    return { tensor: t.name, ratio, verdict: ratioVerdict(ratio) };
  });
}
