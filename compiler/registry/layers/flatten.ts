import type { RegistryEntry } from "../types.ts";

export const flatten: RegistryEntry = {
  name: "flatten",
  confusedWith: { reshape: "flatten turns [C, H, W] into features" },
  role: "layer",
  params: [],
  doc: "Flatten [C, H, W] into C·H·W features in NCHW order (PyTorch nn.Flatten).",
  details:
    "Feature index c·H·W + i·W + j, exactly PyTorch's order, so a dense layer after it has the same weight " +
    "layout as in PyTorch. Costs nothing: the data is already stored in that order. A dense layer directly " +
    "after a convolution flattens implicitly.",
};
