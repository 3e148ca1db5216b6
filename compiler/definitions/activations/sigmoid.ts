import type { RegistryEntry } from "../../registry/types.ts";
import { type ActivationDefinition } from "./definition.ts";

export interface Sigmoid {
  readonly fn: "sigmoid";
}

const entry: RegistryEntry = {
  name: "sigmoid",
  confusedWith: { logistic: "the logistic function is sigmoid" },
  role: "activation",
  params: [],
  doc: "Logistic sigmoid: 1/(1 + e⁻ˣ).",
  details:
    "σ(x) = 1/(1 + e⁻ˣ), σ' = σ(1 − σ) ≤ 1/4. In hidden layers it saturates (gradients vanish at both ends) and " +
    "its outputs are not zero-centred, which makes gradient updates zig-zag (CS231n). Prefer ReLU-family " +
    "activations in hidden layers.",
};

export const sigmoid: ActivationDefinition<Sigmoid> = {
  fn: "sigmoid",
  entry,
  plan: () => ({ fn: "sigmoid" }),
  summary: () => "sigmoid",
  typescript: { type: "Sigmoid", settings: (_, width) => `{ features: ${width} }`, backwardReads: "output" },
  pytorch: () => "x = torch.sigmoid(x)",
};
