import type { ParamSpec, RegistryEntry } from "../types.ts";
import { NUMBER, oneOf, opt } from "../params.ts";
import { nonNegative } from "../range.ts";

const heParams: readonly ParamSpec[] = [
  opt("mode", oneOf("fan_in", "fan_out"), "fan_in", "preserve the variance of the forward (fan_in) or backward (fan_out) pass"),
  opt("nonlinearity", oneOf("relu", "leaky_relu", "linear", "sigmoid", "tanh", "selu"), "relu", "activation that follows, for the gain"),
  opt("a", NUMBER, 0, "negative slope of leaky_relu", nonNegative),
];

export const heNormal: RegistryEntry = {
  name: "he_normal",
  confusedWith: { msra: "MSRA initialization is he_normal" },
  aliases: ["kaiming_normal"],
  role: "initializer",
  params: heParams,
  doc: "He/Kaiming normal: std = gain/√fan, gain = √2 for ReLU.",
  details:
    "W ~ N(0, gain²/fan) with gain = √(2/(1 + a²)) for (leaky) ReLU (He et al. 2015). ReLU zeroes half its " +
    "inputs, so the factor 2 keeps the activation variance constant through depth: the recommended init for " +
    "ReLU networks (CS231n).",
};

export const heUniform: RegistryEntry = {
  name: "he_uniform",
  aliases: ["kaiming_uniform"],
  role: "initializer",
  params: heParams,
  doc: "He/Kaiming uniform: U(±gain·√(3/fan)).",
  details: "The uniform variant of He init (same variance as he_normal): the recommended init for ReLU networks.",
};
