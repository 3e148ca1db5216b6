/** Convolutional layers: parsed and named so messages are precise, but not supported yet. */
import type { RegistryEntry } from "../types.ts";

function reserved(name: string, doc: string): RegistryEntry {
  return { name, role: "layer", params: [], doc, details: `${doc} Reserved for a later version of nnc.`, reserved: true };
}

export const conv2d = reserved("conv2d", "2-D convolution.");
export const maxpool = reserved("maxpool", "2-D max pooling.");
export const avgpool = reserved("avgpool", "2-D average pooling.");
export const flatten = reserved("flatten", "Flatten channels × height × width into features.");
