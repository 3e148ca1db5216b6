import type { RegistryEntry } from "../types.ts";

export const tanh: RegistryEntry = {
  name: "tanh",
  role: "activation",
  params: [],
  doc: "Hyperbolic tangent: (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).",
  details:
    "tanh(x) = 2σ(2x) − 1, derivative 1 − tanh². Zero-centred, unlike sigmoid, but it still saturates; " +
    "use Xavier/Glorot initialization with it.",
};
