/**
 * Layer names the language reserves for a later version: parsed and named so a message can say "not
 * supported yet" instead of "unknown layer". A reserved name has no definition (nothing can build it).
 */
import type { RegistryEntry } from "../../registry/types.ts";

const convTranspose2d: RegistryEntry = {
  name: "conv_transpose2d",
  role: "layer",
  params: [],
  doc: "2-D transposed convolution (learned upsampling).",
  details: "2-D transposed convolution (learned upsampling). Reserved for a later version of nnc.",
  reserved: true,
};

export const reservedLayers: readonly RegistryEntry[] = [convTranspose2d];
