/** A spec needs a model with an input and a loss, and a train block with an optimizer and a length. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const required: Rule = {
  name: "required",
  run(ctx) {
    const need = (message: string, span = ctx.fileStart): void => void ctx.out.push(diagnostic("NN4001", message, span));
    if (ctx.model === undefined) need("the spec needs a `model { }` block");
    else {
      // pca_whiten(components = k) gives the input when the spec has none (plan/preprocessed-input.ts).
      if (!ctx.model.present.has("input") && ctx.inputShape === undefined) need("`model` needs `input = [features]`", ctx.model.nameSpan);
      if (!ctx.model.present.has("loss")) need("`model` needs a `loss = ...`, e.g. `loss = cross_entropy()`", ctx.model.nameSpan);
    }
    if (ctx.train === undefined) need("the spec needs a `train { }` block");
    else {
      if (!ctx.train.present.has("optimizer")) need("`train` needs an `optimizer = ...`, e.g. `optimizer = adam()`", ctx.train.nameSpan);
      if (!ctx.train.present.has("epochs") && !ctx.train.present.has("steps"))
        need("`train` needs `epochs = N` or `steps = N`", ctx.train.nameSpan);
    }
    if (ctx.data !== undefined && !ctx.data.present.has("train")) need("`data` needs a training set: `train = ...`", ctx.data.nameSpan);
  },
};
