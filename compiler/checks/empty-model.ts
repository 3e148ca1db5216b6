/** A model without layers has nothing to train. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const emptyModel: Rule = {
  name: "empty-model",
  run(ctx) {
    if (ctx.model === undefined || ctx.inputSize === undefined || ctx.layers.length > 0 || !ctx.layersComplete) return;
    ctx.out.push(diagnostic("NN4009", "`model` has no layers: add at least one, e.g. `dense(10)`", ctx.model.nameSpan));
  },
};
