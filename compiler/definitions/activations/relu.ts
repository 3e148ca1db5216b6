import type { RegistryEntry } from "../../registry/types.ts";
import { type ActivationDefinition } from "./definition.ts";

export interface Relu {
  readonly fn: "relu";
}

const entry: RegistryEntry = {
  name: "relu",
  role: "activation",
  params: [],
  doc: "Rectified linear unit: max(0, x).",
  details:
    "f(x) = max(0, x), f'(x) = 1 for x > 0 else 0. Does not saturate for positive inputs, so gradients flow and " +
    "SGD converges several times faster than with sigmoid/tanh (Krizhevsky et al. 2012). Units whose input stays " +
    'negative never update ("dead ReLUs"); pair it with He initialization and a sane learning rate.',
};

export const relu: ActivationDefinition<Relu> = {
  fn: "relu",
  entry,
  plan: () => ({ fn: "relu" }),
  summary: () => "relu",
  typescript: { type: "Relu", settings: (_, width) => `{ features: ${width} }`, backwardReads: "output" },
  pytorch: () => "x = F.relu(x)",
};
