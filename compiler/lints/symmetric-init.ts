/** Identical initial weights get identical gradients: the units of a layer never become different. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const symmetricInit: Rule = {
  name: "symmetric-init",
  run(ctx) {
    for (const l of ctx.layers) {
      const p = l.plan;
      if (p.kind !== "dense" || (p.weightInit.kind !== "zeros" && p.weightInit.kind !== "constant")) continue;
      const span = l.overrides?.settings.span("weight_init") ?? ctx.model?.settings.span("weight_init") ?? p.span;
      ctx.out.push(
        diagnostic(
          "NN5001",
          `\`${p.name}\` weights start all equal (${p.weightInit.kind}): every neuron computes the same output and gets the same gradient — symmetry is never broken; use he_normal() or xavier_uniform()`,
          span,
          "warning",
        ),
      );
    }
  },
};
