import type { RegistryEntry } from "../types.ts";
import { batchnorm } from "./batchnorm.ts";

export const batchnorm2d: RegistryEntry = {
  ...batchnorm,
  name: "batchnorm2d",
  doc: "Batch normalization per channel of a [C, H, W] input (PyTorch nn.BatchNorm2d).",
  details:
    "x̂ = (x − μ_c)/√(σ²_c + eps), y = γ_c·x̂ + β_c with μ_c, σ²_c taken over the batch and every position " +
    "of channel c. Running statistics as PyTorch (momentum 0.1, unbiased variance in the running average). " +
    "`batchnorm` after a convolution (any [C, H, W] input) means the same thing; `batchnorm2d` also checks " +
    "that its input is spatial.",
};
