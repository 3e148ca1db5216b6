/**
 * `noise = [weight_noise(std), gradient_noise(eta, gamma)]`: each kind at most once, a mini-batch optimizer
 * (L-BFGS's line search needs the same objective on every evaluation), and a noise schedule only for noise
 * that is on (it scales the noise's std or η, so there must be one).
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const noise: Rule = {
  name: "noise",
  run(ctx) {
    const calls = ctx.train?.settings.optional.calls("noise") ?? [];
    const seen = new Set<string>();
    for (const n of calls) {
      if (seen.has(n.entry.name))
        ctx.out.push(diagnostic("NN2015", `\`${n.entry.name}\` is given twice in \`noise\`; give it once`, n.call.nameSpan));
      seen.add(n.entry.name);
      if (ctx.optimizer?.entry.name === "lbfgs") {
        ctx.out.push(
          diagnostic(
            "NN4016",
            `\`${n.entry.name}\` needs a mini-batch optimizer: lbfgs's line search evaluates the same full-batch objective several times per step`,
            n.call.nameSpan,
          ),
        );
      }
    }
    for (const key of ["weight_noise", "gradient_noise"]) {
      const s = ctx.schedules.find((x) => x.key === key);
      if (s !== undefined && !seen.has(key)) {
        ctx.out.push(
          diagnostic(
            "NN3016",
            `a \`${key}\` schedule scales the ${key === "weight_noise" ? "std" : "η"} of \`${key}\`, which is not in \`noise\`: add \`noise = [${key}(...)]\` to train`,
            s.keySpan,
          ),
        );
      }
    }
  },
};
