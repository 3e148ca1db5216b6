/** PyTorch's SGD rejects Nesterov momentum without momentum or with dampening. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const nesterov: Rule = {
  name: "nesterov",
  run(ctx) {
    const o = ctx.optimizer;
    if (o?.entry.name !== "sgd" || o.args.optional.boolean("nesterov") !== true) return;
    const span = o.args.span("nesterov") ?? o.call.span;
    const momentum = o.args.optional.number("momentum");
    if (momentum !== undefined && momentum <= 0) {
      ctx.out.push(diagnostic("NN3008", "Nesterov momentum needs `momentum` > 0", span));
    }
    if (o.args.optional.number("dampening") !== 0) {
      ctx.out.push(diagnostic("NN3008", "Nesterov momentum needs `dampening = 0`", o.args.span("dampening") ?? span));
    }
  },
};
