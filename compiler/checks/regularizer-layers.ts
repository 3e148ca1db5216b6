/** `l2(λ, layers = [fc1])` must name layers that have parameters. */
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, suggest } from "../did-you-mean.ts";
import type { Rule } from "../context.ts";
import type { BoundCall } from "../bind.ts";
import type { NameRef } from "../convert.ts";
import { setting } from "../settings.ts";

export const regularizerLayers: Rule = {
  name: "regularizer-layers",
  run(ctx) {
    const parametric = ctx.layers.filter((l) => l.plan.kind === "dense" || l.plan.kind === "batchnorm").map((l) => l.plan.name);
    const all = new Set(ctx.layers.map((l) => l.plan.name));
    for (const r of setting<BoundCall[]>(ctx.train, "regularize") ?? []) {
      const layers = r.args.get("layers")?.value as NameRef[] | undefined;
      for (const ref of layers ?? []) {
        const name = ref.path.join(".");
        if (parametric.includes(name)) continue;
        if (all.has(name)) {
          ctx.out.push(diagnostic("NN2013", `layer \`${name}\` has no parameters to regularize (parametric layers: ${parametric.join(", ") || "none"})`, ref.span));
        } else {
          const suggestions = suggest(name, parametric);
          ctx.out.push(diagnostic("NN2013", `no parametric layer is named \`${name}\`${didYouMean(suggestions)}`, ref.span, "error", suggestions));
        }
      }
    }
  },
};
