/**
 * Check 2 of `nnc doctor`: a correct model, optimizer and learning rate can memorise a tiny sample
 * (CS231n: "overfit a small portion of the training data" before a long run). The spec's own optimizer,
 * schedule and regularization take up to `maxSteps` full-sample steps; classification must reach 100%
 * training accuracy (measured in evaluation mode), regression must cut the loss to 1% of its start.
 * When it cannot, the shape of the loss curve says why.
 */
import { setStepsPerEpoch } from "../schedules/steps-per-epoch.ts";
import { isFullBatch, requireFirstOrder, type CompiledModel } from "../contract.ts";
import { OVERFIT_STEPS } from "./doctor-defaults.ts";
import { gradientOnSample, lossOnSample, type Sample } from "./sample.ts";

/** Regression "memorised" = loss below this fraction of the initial loss. */
export const REGRESSION_TARGET = 0.01;

export interface OverfitCheck {
  readonly ok: boolean;
  readonly rows: number;
  readonly steps: number;
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly accuracy: number | undefined;
  readonly verdict: string;
}

export function checkOverfit(model: CompiledModel, sample: Sample, maxSteps = OVERFIT_STEPS): OverfitCheck {
  const def = model.definition;
  // Training on the sample alone: an epoch is one pass over it.
  setStepsPerEpoch(model, sample.n);
  const start = lossOnSample(model, sample);
  const done = (r: { loss: number; accuracy: number | undefined }) =>
    def.task === "classification" ? r.accuracy === 1 : r.loss <= REGRESSION_TARGET * start.loss;
  let now = start;
  let steps = 0;
  while (steps < maxSteps && !done(now)) {
    if (isFullBatch(model)) model.lbfgsStep(() => gradientOnSample(model, sample));
    else {
      requireFirstOrder(model, "the overfit check");
      gradientOnSample(model, sample);
      model.update();
    }
    steps++;
    now = lossOnSample(model, sample);
    if (!Number.isFinite(now.loss)) break;
  }
  const base = { rows: sample.n, steps, initialLoss: start.loss, finalLoss: now.loss, accuracy: now.accuracy };
  if (done(now)) {
    const what = def.task === "classification" ? "100% training accuracy" : `loss below ${REGRESSION_TARGET * 100}% of its start`;
    return {
      ...base,
      ok: true,
      verdict: `reached ${what} on ${sample.n} examples in ${steps} steps (loss ${start.loss.toFixed(4)} → ${now.loss.toFixed(4)})`,
    };
  }
  const acc = now.accuracy === undefined ? "" : `, accuracy ${(now.accuracy * 100).toFixed(0)}%`;
  let why: string;
  if (!Number.isFinite(now.loss))
    why = `the loss became ${now.loss} after ${steps} steps: the learning rate is too high or the initialization too wide`;
  else if (now.loss > 0.9 * start.loss)
    why = `the loss barely moved (${start.loss.toFixed(4)} → ${now.loss.toFixed(4)}) in ${steps} steps: the learning rate is too low, or units are dead or saturated (see the activation table)`;
  else
    why = `the loss fell (${start.loss.toFixed(4)} → ${now.loss.toFixed(4)}${acc}) but did not reach zero error in ${steps} steps: too little capacity, too much regularization (dropout, l2), or too few steps (--overfit-steps)`;
  return { ...base, ok: false, verdict: `cannot overfit ${sample.n} examples: ${why}` };
}
