import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { positive } from "../range.ts";

export const xavierNormal: RegistryEntry = {
  name: "xavier_normal",
  aliases: ["glorot_normal"],
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "Glorot/Xavier normal: std = gain·√(2/(fan_in + fan_out)).",
  details:
    "Keeps the variance of activations and gradients roughly constant through layers with linear or " +
    "tanh-like activations (Glorot & Bengio 2010). With ReLU half the units are off, the variance halves at " +
    "every layer; use he_* there.",
};

export const xavierUniform: RegistryEntry = {
  name: "xavier_uniform",
  aliases: ["glorot_uniform"],
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "Glorot/Xavier uniform: U(±gain·√(6/(fan_in + fan_out))).",
  details:
    "The uniform variant of Xavier init, same variance as xavier_normal. Suited to tanh/sigmoid/linear layers; " +
    "with ReLU prefer he_uniform.",
};
