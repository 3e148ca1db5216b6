/** Xavier assumes a linear/tanh unit; ReLU halves the variance at every layer, which He init corrects. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const reluFamily = new Set(["relu", "leaky_relu", "elu", "gelu"]);
/** Layers between a weighted layer and its activation that leave the question of its init as it was. */
const passThrough = new Set(["batchnorm", "layernorm", "groupnorm", "dropout", "dropout2d", "stochastic_depth"]);

export const xavierRelu: Rule = {
  name: "xavier-relu",
  run(ctx) {
    // Who reads each layer's value (the graph's edges, one pass: a scan per layer made checking quadratic).
    const readers: number[][] = ctx.layers.map(() => []);
    ctx.layers.forEach((l, i) => l.plan.inputs.forEach((j) => j >= 0 && readers[j]?.push(i)));
    ctx.layers.forEach((l, i) => {
      const p = l.plan;
      if (p.kind !== "dense" && p.kind !== "conv2d") return;
      if (p.weightInit.kind !== "xavier_normal" && p.weightInit.kind !== "xavier_uniform") return;
      // Follow the value through normalisation and dropout while one layer reads it; a merge or a fork ends the walk.
      let at = i;
      while (readers[at].length === 1 && passThrough.has(ctx.layers[readers[at][0]].plan.kind)) at = readers[at][0];
      const next = readers[at].length === 1 ? ctx.layers[readers[at][0]] : undefined;
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
