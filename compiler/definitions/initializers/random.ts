/** Plain random initializers: normal(mean, std) and uniform(a, b). */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { runtimeCall, type InitializerDefinition } from "./definition.ts";

export interface NormalInit {
  readonly kind: "normal";
  readonly mean: number;
  readonly std: number;
}

export interface UniformInit {
  readonly kind: "uniform";
  readonly low: number;
  readonly high: number;
}

const normalEntry: RegistryEntry = {
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

const uniformEntry: RegistryEntry = {
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

export const normal: InitializerDefinition<NormalInit> = {
  kind: "normal",
  entry: normalEntry,
  plan: (call) => ({ kind: "normal", mean: call.args.number("mean"), std: call.args.number("std") }),
  typescript: (init, t) => runtimeCall("initNormal", `${t.view}, ${num(init.mean)}, ${num(init.std)}, rng`),
  pytorch: (init, t) => `nn.init.normal_(${t.ref}, mean=${pyFloat(init.mean)}, std=${pyFloat(init.std)})`,
};

export const uniform: InitializerDefinition<UniformInit> = {
  kind: "uniform",
  entry: uniformEntry,
  plan: (call) => ({ kind: "uniform", low: call.args.number("a"), high: call.args.number("b") }),
  typescript: (init, t) => runtimeCall("initUniform", `${t.view}, ${num(init.low)}, ${num(init.high)}, rng`),
  pytorch: (init, t) => `nn.init.uniform_(${t.ref}, a=${pyFloat(init.low)}, b=${pyFloat(init.high)})`,
};
