import type { RegistryEntry } from "../types.ts";

export const softmax: RegistryEntry = {
  name: "softmax",
  role: "activation",
  params: [],
  doc: "Softmax over the features: eˣⁱ/Σⱼ eˣʲ.",
  details:
    "softmax(x)_i = e^{x_i − max x}/Σ_j e^{x_j − max x} (shifted for stability). Turns scores into probabilities. " +
    "Do not put it before cross_entropy, which already applies log-softmax to raw scores.",
};
