/** `l2(λ, layers = [fc1])` must name layers that have parameters. */
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, NameSuggester } from "../did-you-mean.ts";
import type { Rule } from "../context.ts";

/** A message lists at most this many parametric layers (a model can have thousands). */
const LISTED = 8;

export const regularizerLayers: Rule = {
  name: "regularizer-layers",
  run(ctx) {
    const parametricNames = ctx.layers.filter((l) => l.plan.kind === "dense" || l.plan.kind === "batchnorm").map((l) => l.plan.name);
    const parametric = new Set(parametricNames);
    const all = new Set(ctx.layers.map((l) => l.plan.name));
    const listed =
      parametricNames.length === 0
        ? "none"
        : parametricNames.slice(0, LISTED).join(", ") +
          (parametricNames.length > LISTED ? ` and ${parametricNames.length - LISTED} more` : "");
    let suggester: NameSuggester | undefined;
    for (const r of ctx.train?.settings.optional.calls("regularize") ?? []) {
      const layers = r.args.optional.references("layers");
      for (const ref of layers ?? []) {
        const name = ref.path.join(".");
        if (parametric.has(name)) continue;
        if (all.has(name)) {
          ctx.out.push(diagnostic("NN2013", `layer \`${name}\` has no parameters to regularize (parametric layers: ${listed})`, ref.span));
        } else {
          suggester ??= new NameSuggester(parametricNames);
          const suggestions = suggester.suggest(name);
          ctx.out.push(
            diagnostic("NN2013", `no parametric layer is named \`${name}\`${didYouMean(suggestions)}`, ref.span, "error", suggestions),
          );
        }
      }
    }
  },
};
