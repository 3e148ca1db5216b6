import type { RegistryEntry } from "../types.ts";

export const gelu: RegistryEntry = {
  name: "gelu",
  confusedWith: { swish: "swish is not supported; gelu is the closest smooth ReLU" },
  role: "activation",
  params: [],
  doc: "Gaussian error linear unit: x·Φ(x) (exact erf form).",
  details:
    "f(x) = x·Φ(x) = x·½(1 + erf(x/√2)). A smooth ReLU that weights inputs by how likely they are to be " +
    "positive under a standard normal; the default in transformers.",
};
