import type { RegistryEntry } from "../types.ts";
import { NUMBER, req } from "../params.ts";
import { positive } from "../range.ts";

export const gaussian_noise: RegistryEntry = {
  name: "gaussian_noise",
  aliases: ["noise"],
  role: "augment",
  params: [req("std", NUMBER, "standard deviation of the added noise (in preprocessed units)", positive)],
  doc: "Add independent N(0, std²) noise to every input value.",
  details: "x ← x + std·ε, ε ~ N(0, 1) per element, fresh for every batch. A mild regularizer (Bishop 1995: ≈ Tikhonov).",
};
