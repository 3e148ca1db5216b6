import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative } from "../range.ts";

export const normal: RegistryEntry = {
  name: "normal",
  confusedWith: { gaussian: "normal(std) or normal(mean, std)", randn: "normal(std)" },
  role: "initializer",
  params: [opt("mean", NUMBER, 0, "mean"), opt("std", NUMBER, 1, "standard deviation", nonNegative)],
  singlePositional: "std",
  doc: "Gaussian N(mean, std²); `normal(std)` or `normal(mean, std)`.",
  details:
    "W ~ N(mean, std²). The classic `0.01·randn` (CS231n) works for shallow nets but in deep nets the activations " +
    "shrink layer after layer towards zero and so do the gradients; prefer he_* or xavier_*, which scale std by " +
    "the fan-in.",
};

export const uniform: RegistryEntry = {
  name: "uniform",
  confusedWith: { rand: "uniform(a, b)" },
  role: "initializer",
  params: [opt("a", NUMBER, 0, "lower bound"), opt("b", NUMBER, 1, "upper bound")],
  doc: "Uniform U(a, b).",
  relation: (value) => {
    const a = value("a") as number;
    const b = value("b") as number;
    // torch.nn.init.uniform_ refuses from > to (a = b is a constant, which it accepts).
    return a <= b ? undefined : { param: "b", message: `\`uniform(a, b)\` needs a ≤ b (the lower bound first), got a = ${a}, b = ${b}` };
  },
  details: "W ~ U(a, b). As with normal, the scale should depend on the fan-in; prefer he_* or xavier_*.",
};
