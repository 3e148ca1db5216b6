import type { RegistryEntry } from "../types.ts";
import { NUMBER, REFERENCES, oneOf, opt, req } from "../params.ts";
import { nonNegative } from "../range.ts";

const scope = [
  opt("on", oneOf("weights", "biases", "all"), "weights", "which parameters are penalized"),
  opt("layers", REFERENCES, undefined, "restrict to these named layers (default: every parametric layer)"),
];

export const l2: RegistryEntry = {
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
};

export const l1: RegistryEntry = {
  name: "l1",
  confusedWith: { lasso: "lasso is l1" },
  role: "regularizer",
  params: [req("lambda", NUMBER, "regularization strength λ", nonNegative), ...scope],
  doc: "L1 penalty: adds λ·Σ|W| to the loss.",
  details: "R(W) = λ·Σ|W|, gradient λ·sign(W): drives many weights to exactly zero (sparse, feature-selecting).",
};
