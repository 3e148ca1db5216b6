/** Learning rates far from the usual ranges are more often a typo (1e3 for 1e-3) than a choice. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const adamFamily = new Set(["adam", "adamw", "nadam", "radam", "adamax"]);

export const learningRate: Rule = {
  name: "learning-rate",
  run(ctx) {
    const o = ctx.optimizer;
    if (o === undefined || !o.args.declares("lr") || !o.args.given("lr")) return;
    const value = o.args.number("lr");
    let bounds: [number, number] | undefined;
    if (adamFamily.has(o.entry.name)) bounds = [1e-5, 1e-1];
    else if (o.entry.name === "sgd") bounds = [1e-4, 1];
    if (bounds === undefined || (value >= bounds[0] && value <= bounds[1])) return;
    const side = value < bounds[0] ? "very small: training will barely move" : "very large: the loss is likely to diverge";
    ctx.out.push(
      diagnostic(
        "NN5005",
        `lr = ${value} is ${side} (the usual range for ${o.entry.name} is [${bounds[0]}, ${bounds[1]}])`,
        o.args.span("lr") ?? o.call.span,
        "warning",
      ),
    );
  },
};
