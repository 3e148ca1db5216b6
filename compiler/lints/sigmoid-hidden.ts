/** CS231n: sigmoid saturates (vanishing gradients) and is not zero-centred; fine only at the output. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const sigmoidHidden: Rule = {
  name: "sigmoid-hidden",
  run(ctx) {
    let lastDense = -1; // one pass for all layers (a scan after each one was quadratic)
    ctx.layers.forEach((n, i) => {
      if (n.plan.kind === "dense") lastDense = i;
    });
    ctx.layers.forEach((l, i) => {
      if (l.plan.kind !== "activation" || l.plan.activation.fn !== "sigmoid") return;
      if (i > lastDense) return;
      ctx.out.push(
        diagnostic(
          "NN5002",
          "sigmoid in a hidden layer saturates (gradients vanish at both ends) and its outputs are not zero-centred; prefer relu, leaky_relu or tanh",
          l.nameSpan,
          "warning",
        ),
      );
    });
  },
};
