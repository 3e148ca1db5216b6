/** CS231n: with W ~ 0.01·N(0, 1) in a deep net the activations shrink towards zero layer after layer. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const smallGaussian: Rule = {
  name: "small-gaussian",
  run(ctx) {
    const dense = ctx.layers.filter((l) => l.plan.kind === "dense");
    if (dense.length < 5) return;
    const small = dense.find((l) => l.plan.kind === "dense" && l.plan.weightInit.kind === "normal" && l.plan.weightInit.std <= 0.01);
    if (small === undefined || small.plan.kind !== "dense" || small.plan.weightInit.kind !== "normal") return;
    const span = small.overrides?.settings.span("weight_init") ?? ctx.model?.settings.span("weight_init") ?? small.plan.span;
    ctx.out.push(
      diagnostic(
        "NN5004",
        `normal(std = ${small.plan.weightInit.std}) in a network of ${dense.length} dense layers: the activations collapse towards 0 with depth and so do the gradients; use he_normal() or xavier_normal(), scaled by the fan-in`,
        span,
        "warning",
      ),
    );
  },
};
