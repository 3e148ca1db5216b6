/** L-BFGS builds curvature from exact gradients; mini-batches make consecutive gradients incomparable. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const lbfgsBatch: Rule = {
  name: "lbfgs-batch",
  run(ctx) {
    if (ctx.optimizer?.entry.name !== "lbfgs" || ctx.train === undefined) return;
    const t = ctx.train.settings;
    const size = t.optional.number("batch_size");
    if (size === undefined) return;
    const given = t.given("batch_size");
    const known = ctx.options.trainSize;
    const tooSmall = known !== undefined ? size < known : !given;
    if (!tooSmall) return;
    ctx.out.push(
      diagnostic(
        "NN4008",
        `lbfgs is a full-batch method, but batch_size = ${size}${known !== undefined ? ` is smaller than the ${known} training samples` : " (the default)"}: its curvature pairs would mix different mini-batches; set batch_size to the training-set size`,
        (given ? t.span("batch_size") : undefined) ?? ctx.optimizer.call.span,
        "warning",
      ),
    );
  },
};
