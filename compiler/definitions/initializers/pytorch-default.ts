/** What an untouched PyTorch layer starts from: U(±1/√fan_in) for weights and biases. */
import type { RegistryEntry } from "../../registry/types.ts";
import { runtimeCall, type InitializerDefinition } from "./definition.ts";

/** nn.Linear's default: weight kaiming_uniform(a=√5) = U(±1/√fan_in); bias U(±1/√fan_in). */
export interface PytorchDefaultInit {
  readonly kind: "pytorch_default";
}

const entry: RegistryEntry = {
  name: "pytorch_default",
  role: "initializer",
  params: [],
  doc: "nn.Linear's default: U(±1/√fan_in) for weights and biases.",
  details:
    "kaiming_uniform(a = √5) for weights, which works out to U(±1/√fan_in), and U(±1/√fan_in) for biases. " +
    "The default when no initializer is given, so results match an untouched PyTorch model.",
};

export const pytorchDefault: InitializerDefinition<PytorchDefaultInit> = {
  kind: "pytorch_default",
  entry,
  plan: () => ({ kind: "pytorch_default" }),
  typescript: (_, t) =>
    t.role === "bias"
      ? runtimeCall("initPytorchDefaultBias", `${t.view}, ${t.fans.fanIn}, rng`)
      : runtimeCall("initPytorchDefaultWeight", `${t.view}, ${t.fans.fanIn}, ${t.fans.fanOut}, rng`),
  // The PyTorch layer was built with exactly this initialisation.
  pytorch: () => undefined,
  asDistribution: (_, { fanIn }) => {
    const bound = 1 / Math.sqrt(fanIn);
    return { kind: "uniform", low: -bound, high: bound };
  },
};
