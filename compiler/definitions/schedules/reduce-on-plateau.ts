import { INTEGER, NUMBER, REFERENCE, opt } from "../../registry/params.ts";
import { nonNegative, openUnit } from "../../registry/range.ts";
import { pyFloat, pyNum, pyStr } from "../../pytorch/literals.ts";
import { defineSchedule } from "./definition.ts";

/** Loss is minimized; accuracy and top-k are maximized. */
export function metricMode(metric: string): "min" | "max" {
  return metric.endsWith(".loss") || metric === "loss" ? "min" : "max";
}

export const reduce_on_plateau = defineSchedule<"reduce_on_plateau">({
  entry: {
    name: "reduce_on_plateau",
    confusedWith: { plateau: "reduce_on_plateau", reducelronplateau: "ReduceLROnPlateau is reduce_on_plateau" },
    role: "schedule",
    params: [
      opt("metric", REFERENCE, "validation.loss", "the monitored metric, `<set>.<loss|accuracy|top_k>`"),
      opt("factor", NUMBER, 0.1, "multiplier applied on a plateau", openUnit),
      opt("patience", INTEGER, 10, "evaluations without improvement before reducing", nonNegative),
      opt("threshold", NUMBER, 1e-4, "relative improvement that counts", nonNegative),
      opt("cooldown", INTEGER, 0, "evaluations to wait after a reduction", nonNegative),
      opt("min", NUMBER, 0, "lowest value", nonNegative),
    ],
    doc: "Reduce by `factor` when the metric stops improving (ReduceLROnPlateau).",
    details:
      "After `patience` evaluations without a relative improvement of `threshold`, value ← max(value·factor, min). " +
      "Automates CS231n's advice to decay when validation loss plateaus; loss is minimized, accuracy maximized.",
  },
  needsLength: false,
  plan: (a) => {
    const metric = a.reference("metric").path.join(".");
    return {
      kind: "reduce_on_plateau",
      metric,
      mode: metricMode(metric),
      factor: a.number("factor"),
      patience: a.number("patience"),
      threshold: a.number("threshold"),
      cooldown: a.number("cooldown"),
      min: a.number("min"),
      unit: "epochs",
    };
  },
  counts: () => [],
  extremes: () => [],
  // It only ever lowers the value, never below its `min` (itself in range): the base bounds it above.
  value: (_p, _k, c) => c.base,
  // The value lives in the model (plateauValue), stepped by onEvaluation.
  typescript: () => "return this.plateauValue;",
  pytorch: (p, e) => {
    const minLr = e.mults.every((m) => m === 1)
      ? pyFloat(p.min)
      : `[${e.mults.map((m) => `${pyFloat(p.min)} * ${pyFloat(m)}`).join(", ")}]`;
    return (
      `lr_scheduler.ReduceLROnPlateau(optimizer, mode=${pyStr(p.mode)}, factor=${pyFloat(p.factor)}, patience=${pyNum(p.patience)}, ` +
      `threshold=${pyFloat(p.threshold)}, threshold_mode="rel", cooldown=${pyNum(p.cooldown)}, min_lr=${minLr}, eps=1e-08)`
    );
  },
});
