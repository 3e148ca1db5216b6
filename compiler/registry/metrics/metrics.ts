import type { RegistryEntry } from "../types.ts";
import { INTEGER, req } from "../params.ts";
import { atLeastOne } from "../range.ts";

export const loss: RegistryEntry = {
  name: "loss",
  role: "metric",
  params: [],
  doc: "The mean loss (without regularization terms).",
  details: "Mean data loss over the evaluated set; lower is better.",
};

export const accuracy: RegistryEntry = {
  name: "accuracy",
  role: "metric",
  params: [],
  doc: "Fraction of samples whose highest score is the correct class.",
  details: "top-1 accuracy, classification only; higher is better.",
};

export const topK: RegistryEntry = {
  name: "top_k",
  role: "metric",
  params: [req("k", INTEGER, "how many top classes count as a hit", atLeastOne)],
  doc: "Fraction of samples whose correct class is among the k highest scores.",
  details: "top_k(5) is reported as `top_5`; classification only; higher is better.",
};
