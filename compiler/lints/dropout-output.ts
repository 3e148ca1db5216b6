/** Dropout after the last dense layer drops class scores, not features: the loss sees random zeros. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const dropoutOutput: Rule = {
  name: "dropout-output",
  run(ctx) {
    let lastDense = -1; // one pass for all layers (a scan after each one was quadratic)
    ctx.layers.forEach((n, i) => {
      if (n.plan.kind === "dense") lastDense = i;
    });
    ctx.layers.forEach((l, i) => {
      if (l.plan.kind !== "dropout") return;
      if (i < lastDense) return;
      ctx.out.push(
        diagnostic(
          "NN5006",
          "dropout after the last dense layer zeroes output scores right before the loss; put it between hidden layers",
          l.plan.span,
          "warning",
        ),
      );
    });
  },
};
