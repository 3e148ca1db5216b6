import type { RegistryEntry } from "../../registry/types.ts";
import type { ActivationDefinition } from "./definition.ts";

export interface Gelu {
  readonly fn: "gelu";
}

const entry: RegistryEntry = {
  name: "gelu",
  confusedWith: { swish: "swish is not supported; gelu is the closest smooth ReLU" },
  role: "activation",
  params: [],
  doc: "Gaussian error linear unit: x·Φ(x) (exact erf form).",
  details:
    "f(x) = x·Φ(x) = x·½(1 + erf(x/√2)). A smooth ReLU that weights inputs by how likely they are to be " +
    "positive under a standard normal; the default in transformers.",
};

export const gelu: ActivationDefinition<Gelu> = {
  fn: "gelu",
  entry,
  plan: () => ({ fn: "gelu" }),
  summary: () => "gelu",
  typescript: { type: "Gelu", settings: (_, width) => `{ features: ${width} }`, backwardReads: "input" },
  pytorch: () => "x = F.gelu(x)  # the exact erf form",
};
