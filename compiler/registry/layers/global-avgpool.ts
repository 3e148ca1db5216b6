import type { RegistryEntry } from "../types.ts";

export const global_avgpool: RegistryEntry = {
  name: "global_avgpool",
  role: "layer",
  params: [],
  doc: "Mean of each channel over all positions: [C, H, W] → [C] (nn.AdaptiveAvgPool2d(1) + flatten).",
  details:
    "y[c] = Σ_{i, j} x[c, i, j] / (H·W). Replaces a large flatten + dense head with one value per channel, " +
    "so the classifier after it has few parameters and the network accepts any spatial size.",
};
