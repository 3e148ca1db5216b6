import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { positive } from "../range.ts";

export const orthogonal: RegistryEntry = {
  name: "orthogonal",
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, times gain.",
  details:
    "All singular values equal gain, so the layer preserves norms exactly at initialization (Saxe et al. 2013); " +
    "useful for deep linear-ish stacks.",
};
