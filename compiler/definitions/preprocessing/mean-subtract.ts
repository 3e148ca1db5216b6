import { req } from "../../registry/params.ts";
import { pyStr } from "../../pytorch/literals.ts";
import { definePreprocessing } from "./definition.ts";
import { over, type Over } from "./over.ts";

export const mean_subtract = definePreprocessing<{ readonly kind: "mean_subtract"; readonly over: Over }>({
  entry: {
    name: "mean_subtract",
    confusedWith: { center: "mean_subtract", zero_center: "mean_subtract" },
    role: "preprocess",
    params: [req("over", over, "statistic granularity: global, per_feature or per_channel")],
    doc: "Subtract the training-set mean.",
    details:
      "x ← x − μ, μ computed on the training set only (CS231n: computing it over all data leaks test " +
      "information). Zero-centred inputs avoid all-same-sign gradients in the first layer.",
  },
  plan: (a) => ({ kind: "mean_subtract", over: a.string<Over>("over") }),
  pytorch: (p) => `{"kind": "mean_subtract", "over": ${pyStr(p.over)}}`,
});
