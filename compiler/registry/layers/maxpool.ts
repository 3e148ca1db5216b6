import type { RegistryEntry } from "../types.ts";
import { INTEGER, opt, req } from "../params.ts";
import { atLeastOne, nonNegative } from "../range.ts";

export const maxpool: RegistryEntry = {
  name: "maxpool",
  confusedWith: { pool: "maxpool or avgpool", max_pool2d: "maxpool (MaxPool2d)", pooling: "maxpool or avgpool" },
  role: "layer",
  params: [
    req("kernel", INTEGER, "side of the square window", atLeastOne),
    opt("stride", INTEGER, undefined, "step between windows (default: the kernel size)", atLeastOne),
    opt("padding", INTEGER, 0, "implicit −∞ padding on every side (at most half the kernel)", nonNegative),
  ],
  doc: "2-D max pooling: the maximum of each window, per channel (PyTorch nn.MaxPool2d).",
  details:
    "y[c, i, j] = max_{u, v} x[c, i·stride − padding + u, j·stride − padding + v]. Output side = " +
    "⌊(in + 2·padding − kernel)/stride⌋ + 1. The gradient flows only to the winning input of each window. " +
    "Halving the resolution with maxpool(2) after a conv block is the classic recipe.",
};
