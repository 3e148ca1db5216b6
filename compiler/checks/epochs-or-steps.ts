/** Training length is given once: epochs or steps, not both. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const epochsOrSteps: Rule = {
  name: "epochs-or-steps",
  run(ctx) {
    const steps = ctx.train?.settings.get("steps");
    if (steps?.given === true && ctx.train?.settings.get("epochs")?.given === true) {
      ctx.out.push(diagnostic("NN4006", "give the training length once: `epochs` or `steps`, not both", steps.keySpan));
    }
  },
};
