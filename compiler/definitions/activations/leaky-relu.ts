import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import type { ActivationDefinition } from "./definition.ts";

export interface LeakyRelu {
  readonly fn: "leaky_relu";
  readonly slope: number;
}

const entry: RegistryEntry = {
  name: "leaky_relu",
  confusedWith: { lrelu: "leaky_relu", prelu: "a learnable slope is not supported; leaky_relu has a fixed one" },
  role: "activation",
  params: [opt("slope", NUMBER, 0.01, "slope for negative inputs", nonNegative)],
  doc: "Leaky ReLU: x for x > 0, slope·x otherwise.",
  details:
    "f(x) = x if x > 0 else slope·x. The small negative slope keeps a gradient for negative inputs so units " +
    "cannot die; otherwise behaves like ReLU. Use He init with nonlinearity = leaky_relu and a = slope.",
};

export const leakyRelu: ActivationDefinition<LeakyRelu> = {
  fn: "leaky_relu",
  entry,
  plan: (call) => ({ fn: "leaky_relu", slope: call.args.number("slope") }),
  summary: (a) => `leaky_relu(${a.slope})`,
  typescript: { type: "LeakyRelu", settings: (a, width) => `{ features: ${width}, slope: ${num(a.slope)} }`, backwardReads: "input" },
  pytorch: (a) => `x = F.leaky_relu(x, negative_slope=${pyFloat(a.slope)})`,
};
