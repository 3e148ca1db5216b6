import { NUMBER, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { defineRegularizer } from "./definition.ts";
import { scope } from "./scope.ts";

export const l2 = defineRegularizer({
  entry: {
    name: "l2",
    confusedWith: {
      weight_decay: "as a loss term write l2(λ); or give the optimizer weight_decay = λ",
      ridge: "ridge is l2",
      tikhonov: "Tikhonov regularization is l2",
    },
    role: "regularizer",
    params: [req("lambda", NUMBER, "regularization strength λ", nonNegative), ...scope],
    doc: "L2 penalty: adds λ·ΣW² to the loss.",
    details:
      "R(W) = λ·Σ W², gradient 2λW: prefers diffuse weights that use all inputs a little (CS231n). Note the loss " +
      "term has no ½, so λ here is half of the equivalent SGD weight_decay. With Adam the penalty is rescaled " +
      "per parameter; adamw's decoupled weight_decay is usually what is meant.",
  },
  // d(λ·Σw²)/dw = 2λ·w
  gradient: { term: "l2x", coefficient: (lambda) => 2 * lambda },
  penalty: "l2Penalty",
  pytorch: (tensor) => `${tensor}.pow(2).sum()`,
});
