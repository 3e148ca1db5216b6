import type { RegistryEntry } from "../../registry/types.ts";
import type { ActivationDefinition } from "./definition.ts";

export interface Softmax {
  readonly fn: "softmax";
}

const entry: RegistryEntry = {
  name: "softmax",
  role: "activation",
  params: [],
  doc: "Softmax over the features: eˣⁱ/Σⱼ eˣʲ.",
  details:
    "softmax(x)_i = e^{x_i − max x}/Σ_j e^{x_j − max x} (shifted for stability). Turns scores into probabilities. " +
    "Do not put it before cross_entropy, which already applies log-softmax to raw scores.",
};

export const softmax: ActivationDefinition<Softmax> = {
  fn: "softmax",
  entry,
  plan: () => ({ fn: "softmax" }),
  summary: () => "softmax",
  typescript: {
    type: "Softmax",
    // Row-wise: n rows of `width` features.
    settings: (_, width) => `{ features: ${width} }`,
    backwardReads: "output",
  },
  pytorch: () => "x = F.softmax(x, dim=1)",
};
