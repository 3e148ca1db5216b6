import { NUMBER, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const gaussian_noise = defineAugmentation<{ readonly kind: "gaussian_noise"; readonly std: number }>({
  entry: {
    name: "gaussian_noise",
    aliases: ["noise"],
    role: "augment",
    params: [req("std", NUMBER, "standard deviation of the added noise (in preprocessed units)", positive)],
    doc: "Add independent N(0, std²) noise to every input value.",
    details: "x ← x + std·ε, ε ~ N(0, 1) per element, fresh for every batch. A mild regularizer (Bishop 1995: ≈ Tikhonov).",
  },
  plan: (a) => ({ kind: "gaussian_noise", std: a.number("std") }),
  mixesLabels: false,
  pytorch: (a) => ({ transform: `x = gaussian_noise(x, ${pyFloat(a.std)})` }),
});
