import type { RegistryEntry } from "../types.ts";
import { INTEGER, req } from "../params.ts";
import { range } from "../range.ts";

export const maxout: RegistryEntry = {
  name: "maxout",
  role: "layer",
  params: [req("k", INTEGER, "group size: k consecutive features reduce to their maximum", range("[2, ∞)"))],
  doc: "Maxout: the maximum over groups of k consecutive features (output features = input / k).",
  details:
    "y_j = max(x_{jk}, …, x_{jk+k−1}). Generalizes ReLU and leaky ReLU (a max of linear pieces), never saturates " +
    "and has no dead units, at the cost of k times the parameters in the preceding dense layer (Goodfellow et al. " +
    "2013). The input feature count must be divisible by k.",
};
