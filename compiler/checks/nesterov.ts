/** PyTorch's SGD rejects Nesterov momentum without momentum or with dampening. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const nesterov: Rule = {
  name: "nesterov",
  run(ctx) {
    const o = ctx.optimizer;
    if (o?.entry.name !== "sgd" || o.args.get("nesterov")?.value !== true) return;
    const span = o.args.get("nesterov")?.span ?? o.call.span;
    if ((o.args.get("momentum")?.value as number) <= 0) {
      ctx.out.push(diagnostic("NN3008", "Nesterov momentum needs `momentum` > 0", span));
    }
    if ((o.args.get("dampening")?.value as number) !== 0) {
      ctx.out.push(diagnostic("NN3008", "Nesterov momentum needs `dampening = 0`", o.args.get("dampening")?.span ?? span));
    }
  },
};
