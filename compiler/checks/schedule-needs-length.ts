/**
 * linear and polynomial ramps need a length, as does one_cycle when the run's length in steps is unknown,
 * and every part of `A then B` but the last must end somewhere for the next to start.
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const scheduleNeedsLength: Rule = {
  name: "schedule-needs-length",
  run(ctx) {
    for (const s of ctx.schedules) {
      s.items.forEach((it, i) => {
        if (it.length !== undefined) return;
        const name = it.bound.entry.name;
        const last = i === s.items.length - 1;
        if (!last) {
          ctx.out.push(
            diagnostic("NN3010", `\`${name}\` is followed by \`then\`, so it needs a length: add \`for 10 epochs\` (or steps)`, it.span),
          );
        } else if (name === "linear" || name === "polynomial") {
          ctx.out.push(diagnostic("NN3010", `\`${name}\` needs a length: give \`steps\` (e.g. \`500 steps\`) or add \`for ...\``, it.span));
        } else if (name === "one_cycle") {
          ctx.out.push(
            diagnostic(
              "NN3010",
              "`one_cycle` needs `total` in steps (the run's length in steps is not known when training is given in epochs)",
              it.span,
            ),
          );
        }
      });
    }
  },
};
