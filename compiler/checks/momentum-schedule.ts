/** A momentum schedule scales the optimizer's momentum, so there must be one. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const momentumSchedule: Rule = {
  name: "momentum-schedule",
  run(ctx) {
    const s = ctx.schedules.find((x) => x.key === "momentum");
    const o = ctx.optimizer;
    if (s === undefined || o === undefined) return;
    if (!o.args.declares("momentum")) {
      const hint = o.args.declares("betas") ? "; schedule `beta1` instead" : "";
      ctx.out.push(diagnostic("NN3011", `\`${o.entry.name}\` has no momentum to schedule${hint}`, s.keySpan));
    } else if (o.args.optional.number("momentum") === 0) {
      ctx.out.push(
        diagnostic(
          "NN3011",
          `\`${o.entry.name}\` runs with momentum = 0, so a momentum schedule has nothing to scale; set \`momentum\``,
          s.keySpan,
        ),
      );
    }
  },
};
