import { NUMBER, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { defineRegularizer } from "./definition.ts";
import { scope } from "./scope.ts";

export const l1 = defineRegularizer({
  entry: {
    name: "l1",
    confusedWith: { lasso: "lasso is l1" },
    role: "regularizer",
    params: [req("lambda", NUMBER, "regularization strength λ", nonNegative), ...scope],
    doc: "L1 penalty: adds λ·Σ|W| to the loss.",
    details: "R(W) = λ·Σ|W|, gradient λ·sign(W): drives many weights to exactly zero (sparse, feature-selecting).",
  },
  // d(λ·Σ|w|)/dw = λ·sign(w)
  gradient: { term: "l1", coefficient: (lambda) => lambda },
  penalty: "l1Penalty",
  pytorch: (tensor) => `${tensor}.abs().sum()`,
});
