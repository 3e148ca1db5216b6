/** Xavier assumes a linear/tanh unit; ReLU halves the variance at every layer, which He init corrects. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const reluFamily = new Set(["relu", "leaky_relu", "elu", "gelu"]);

export const xavierRelu: Rule = {
  name: "xavier-relu",
  run(ctx) {
    ctx.layers.forEach((l, i) => {
      const p = l.plan;
      if (p.kind !== "dense" || (p.weightInit.kind !== "xavier_normal" && p.weightInit.kind !== "xavier_uniform")) return;
      // A scan, not slice(i + 1).find: copying the tail for every layer made checking quadratic in the layer count.
      let next: (typeof ctx.layers)[number] | undefined;
      for (let j = i + 1; j < ctx.layers.length && next === undefined; j++) {
        if (ctx.layers[j].plan.kind !== "batchnorm" && ctx.layers[j].plan.kind !== "dropout") next = ctx.layers[j];
      }
      if (next?.plan.kind !== "activation" || !reluFamily.has(next.plan.activation.fn)) return;
      const he = p.weightInit.kind === "xavier_normal" ? "he_normal" : "he_uniform";
      const span = l.overrides?.settings.span("weight_init") ?? ctx.model?.settings.span("weight_init") ?? p.span;
      ctx.out.push(
        diagnostic(
          "NN5003",
          `\`${p.name}\` uses ${p.weightInit.kind} before ${next.plan.activation.fn}: ReLU zeroes half the inputs, so the activation variance halves at every layer; use ${he}()`,
          span,
          "warning",
          [`${he}()`],
        ),
      );
    });
  },
};
