import type { RegistryEntry } from "../../registry/types.ts";
import { type ActivationDefinition } from "./definition.ts";

export interface Tanh {
  readonly fn: "tanh";
}

const entry: RegistryEntry = {
  name: "tanh",
  role: "activation",
  params: [],
  doc: "Hyperbolic tangent: (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).",
  details:
    "tanh(x) = 2σ(2x) − 1, derivative 1 − tanh². Zero-centred, unlike sigmoid, but it still saturates; " +
    "use Xavier/Glorot initialization with it.",
};

export const tanh: ActivationDefinition<Tanh> = {
  fn: "tanh",
  entry,
  plan: () => ({ fn: "tanh" }),
  summary: () => "tanh",
  typescript: { type: "Tanh", settings: (_, width) => `{ features: ${width} }`, backwardReads: "output" },
  pytorch: () => "x = torch.tanh(x)",
};
