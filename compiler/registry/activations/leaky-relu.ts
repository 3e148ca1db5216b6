import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative } from "../range.ts";

export const leakyRelu: RegistryEntry = {
  name: "leaky_relu",
  confusedWith: { lrelu: "leaky_relu", prelu: "a learnable slope is not supported; leaky_relu has a fixed one" },
  role: "activation",
  params: [opt("slope", NUMBER, 0.01, "slope for negative inputs", nonNegative)],
  doc: "Leaky ReLU: x for x > 0, slope·x otherwise.",
  details:
    "f(x) = x if x > 0 else slope·x. The small negative slope keeps a gradient for negative inputs so units " +
    "cannot die; otherwise behaves like ReLU. Use He init with nonlinearity = leaky_relu and a = slope.",
};
