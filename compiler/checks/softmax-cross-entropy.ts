/** cross_entropy applies log-softmax itself; a softmax layer before it squashes the scores twice. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const softmaxCrossEntropy: Rule = {
  name: "softmax-cross-entropy",
  run(ctx) {
    const last = ctx.layers[ctx.layers.length - 1];
    if (last === undefined || !ctx.layersComplete || ctx.loss?.entry.name !== "cross_entropy") return;
    if (last.plan.kind === "activation" && last.plan.activation.fn === "softmax") {
      ctx.out.push(
        diagnostic(
          "NN4002",
          "remove this softmax: cross_entropy takes raw scores and applies log-softmax itself (softmax twice flattens the gradients)",
          last.plan.span,
        ),
      );
    }
  },
};
