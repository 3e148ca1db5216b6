/** Loshchilov & Hutter: an L2 loss term is rescaled by Adam's 1/√v̂ and stops acting like weight decay. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const coupled = new Set(["adam", "nadam", "radam", "adamax"]);

export const l2Adam: Rule = {
  name: "l2-adam",
  run(ctx) {
    const o = ctx.optimizer;
    if (o === undefined || !coupled.has(o.entry.name)) return;
    for (const r of ctx.train?.settings.optional.calls("regularize") ?? []) {
      if (r.entry.name !== "l2") continue;
      ctx.out.push(
        diagnostic(
          "NN5007",
          `an l2 term with ${o.entry.name} is divided by √v̂ per parameter, so weights with large gradients are barely decayed; use adamw(weight_decay = ...) for decoupled decay`,
          r.call.span,
          "warning",
          ["adamw"],
        ),
      );
    }
  },
};
