import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { positive } from "../range.ts";

export const elu: RegistryEntry = {
  name: "elu",
  role: "activation",
  params: [opt("alpha", NUMBER, 1.0, "saturation value for negative inputs is −alpha", positive)],
  doc: "Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise.",
  details:
    "f(x) = x if x > 0 else α(eˣ − 1). Like ReLU for positive inputs, but smooth and with mean activations " +
    "closer to zero, which speeds learning (Clevert et al. 2015); costs an exponential.",
};
