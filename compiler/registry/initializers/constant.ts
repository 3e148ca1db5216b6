import type { RegistryEntry } from "../types.ts";
import { NUMBER, req } from "../params.ts";

export const zeros: RegistryEntry = {
  name: "zeros",
  role: "initializer",
  params: [],
  doc: "Every element zero (for biases).",
  details:
    "Fine for biases. For weights it is a bug: every unit of a layer computes the same output and receives the " +
    "same gradient, so the units stay identical forever — symmetry is never broken.",
};

export const constant: RegistryEntry = {
  name: "constant",
  role: "initializer",
  params: [req("value", NUMBER, "the value of every element")],
  doc: "Every element set to one value.",
  details: "Like zeros, it leaves all units of a layer identical (no symmetry breaking); use it for biases only.",
};
