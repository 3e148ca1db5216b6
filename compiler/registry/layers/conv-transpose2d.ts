/** Transposed convolution: parsed and named so messages are precise, but not supported yet. */
import type { RegistryEntry } from "../types.ts";

export const conv_transpose2d: RegistryEntry = {
  name: "conv_transpose2d",
  role: "layer",
  params: [],
  doc: "2-D transposed convolution (learned upsampling).",
  details: "2-D transposed convolution (learned upsampling). Reserved for a later version of nnc.",
  reserved: true,
};
