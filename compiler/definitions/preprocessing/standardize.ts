import { NUMBER, opt, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { pyFloat, pyStr } from "../../pytorch/literals.ts";
import { definePreprocessing } from "./definition.ts";
import { over, type Over } from "./over.ts";

export const standardize = definePreprocessing<{ readonly kind: "standardize"; readonly over: Over; readonly eps: number }>({
  entry: {
    name: "standardize",
    confusedWith: {
      normalize: "standardize subtracts the mean and divides by the standard deviation",
      zscore: "standardize",
      z_score: "standardize",
    },
    role: "preprocess",
    params: [
      req("over", over, "statistic granularity: global, per_feature or per_channel"),
      opt("eps", NUMBER, 1e-8, "added to the std", positive),
    ],
    doc: "Subtract the training-set mean and divide by its standard deviation.",
    details: "x ← (x − μ)/(σ + eps), with μ and σ from the training set only. Puts every input on a comparable scale.",
  },
  plan: (a) => ({ kind: "standardize", over: a.string<Over>("over"), eps: a.number("eps") }),
  pytorch: (p) => `{"kind": "standardize", "over": ${pyStr(p.over)}, "eps": ${pyFloat(p.eps)}}`,
});
