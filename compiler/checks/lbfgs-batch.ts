/** L-BFGS builds curvature from exact gradients; mini-batches make consecutive gradients incomparable. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const lbfgsBatch: Rule = {
  name: "lbfgs-batch",
  run(ctx) {
    if (ctx.optimizer?.entry.name !== "lbfgs" || ctx.train === undefined) return;
    const b = ctx.train.settings.get("batch_size");
    if (b === undefined) return;
    const size = ctx.train.settings.number("batch_size");
    const known = ctx.options.trainSize;
    const tooSmall = known !== undefined ? size < known : !b.given;
    if (!tooSmall) return;
    ctx.out.push(
      diagnostic(
        "NN4008",
        `lbfgs is a full-batch method, but batch_size = ${size}${known !== undefined ? ` is smaller than the ${known} training samples` : " (the default)"}: its curvature pairs would mix different mini-batches; set batch_size to the training-set size`,
        b.given ? b.span : ctx.optimizer.call.span,
        "warning",
      ),
    );
  },
};
