/** Statistics (mean, std, PCA) must come from the training set only, so there must be one. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const needsStatistics = new Set(["mean_subtract", "standardize", "pca_whiten"]);

export const preprocessStats: Rule = {
  name: "preprocess-stats",
  run(ctx) {
    if (ctx.data === undefined || ctx.data.settings.has("train")) return;
    for (const step of ctx.data.settings.optional.calls("preprocess") ?? []) {
      if (!needsStatistics.has(step.entry.name)) continue;
      ctx.out.push(
        diagnostic(
          "NN5008",
          `\`${step.entry.name}\` computes its statistics on the training set only (using validation or test data would leak them), but no \`train\` set is declared`,
          step.call.span,
          "warning",
        ),
      );
    }
  },
};
