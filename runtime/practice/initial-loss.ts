/**
 * Check 1 of `nnc doctor`: the loss of the untrained model. With small random final-layer weights every
 * class gets about the same score, so softmax cross-entropy starts at ln C and the multiclass hinge loss
 * (margin 1) at C − 1 (CS231n, "look for correct loss at chance performance"). A start far from it means
 * the scores are too large at initialization or the loss is mis-scaled. The l1/l2 terms of the spec are
 * then added: they should raise the objective a little, not dominate it.
 */
import type { CompiledModel } from "../contract.ts";
import { INITIAL_LOSS_TOLERANCE } from "./doctor-defaults.ts";
import { lossOnSample, type Sample } from "./sample.ts";

/** A penalty above this fraction of the data loss at initialization is more than "slightly". */
export const PENALTY_SHARE_LIMIT = 0.5;

export interface InitialLossCheck {
  /** ln C, C − 1, or undefined when the loss has no chance-level value (mse). */
  readonly expected: number | undefined;
  readonly expectedFormula: string;
  readonly loss: number;
  readonly penalty: number;
  readonly relativeError: number | undefined;
  readonly ok: boolean;
  readonly lossVerdict: string;
  readonly penaltyVerdict: string;
}

export function expectedInitialLoss(model: CompiledModel): { value: number | undefined; formula: string } {
  const def = model.definition;
  if (def.loss === "cross_entropy") return { value: Math.log(def.classes), formula: `ln ${def.classes}` };
  if (def.loss === "hinge") return { value: def.classes - 1, formula: `${def.classes} − 1 (margin 1)` };
  return { value: undefined, formula: "none (mse has no chance level)" };
}

export function checkInitialLoss(model: CompiledModel, sample: Sample, tolerance = INITIAL_LOSS_TOLERANCE): InitialLossCheck {
  const { loss } = lossOnSample(model, sample);
  const penalty = model.penalty();
  const { value: expected, formula } = expectedInitialLoss(model);
  const relativeError = expected === undefined ? undefined : Math.abs(loss - expected) / expected;
  let lossOk = true;
  let lossVerdict: string;
  if (!Number.isFinite(loss)) {
    lossOk = false;
    lossVerdict = `the initial loss is ${loss}: the forward pass overflows at initialization`;
  } else if (expected === undefined || relativeError === undefined) {
    lossVerdict = `no chance-level value to compare with (${formula})`;
  } else if (relativeError <= tolerance) {
    lossVerdict = `within ${(tolerance * 100).toFixed(0)}% of ${formula} = ${expected.toFixed(4)}`;
  } else {
    lossOk = false;
    const direction = loss > expected ? "above" : "below";
    lossVerdict =
      `${(relativeError * 100).toFixed(0)}% ${direction} ${formula} = ${expected.toFixed(4)}: ` +
      (loss > expected
        ? "the initial scores are too large (final-layer init too wide?) or the loss is mis-scaled"
        : "the loss is mis-scaled or the labels leak into the input");
  }
  let penaltyOk = true;
  let penaltyVerdict: string;
  if (penalty === 0) penaltyVerdict = "no l1/l2 terms in the objective";
  else if (!(penalty > 0)) {
    penaltyOk = false;
    penaltyVerdict = `the penalty is ${penalty}, it should be positive`;
  } else if (penalty > PENALTY_SHARE_LIMIT * loss) {
    penaltyOk = false;
    penaltyVerdict = `regularization raises the loss by ${penalty.toPrecision(3)} (${((penalty / loss) * 100).toFixed(0)}%): λ dominates the objective at initialization`;
  } else
    penaltyVerdict = `regularization raises the loss slightly: ${loss.toFixed(4)} → ${(loss + penalty).toFixed(4)} (+${((penalty / loss) * 100).toFixed(2)}%)`;
  return { expected, expectedFormula: formula, loss, penalty, relativeError, ok: lossOk && penaltyOk, lossVerdict, penaltyVerdict };
}
