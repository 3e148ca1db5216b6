import type { RegistryEntry } from "../types.ts";
import { INTEGER, opt, req } from "../params.ts";
import { atLeastOne, nonNegative } from "../range.ts";

export const avgpool: RegistryEntry = {
  name: "avgpool",
  confusedWith: { pool: "maxpool or avgpool", pooling: "maxpool or avgpool", avg_pool2d: "avgpool (AvgPool2d)" },
  role: "layer",
  params: [
    req("kernel", INTEGER, "side of the square window", atLeastOne),
    opt("stride", INTEGER, undefined, "step between windows (default: the kernel size)", atLeastOne),
    opt("padding", INTEGER, 0, "zero padding on every side (at most half the kernel)", nonNegative),
  ],
  doc: "2-D average pooling: the mean of each window, per channel (PyTorch nn.AvgPool2d).",
  details:
    "y[c, i, j] = Σ_{u, v} x[c, i·stride − padding + u, j·stride − padding + v] / kernel². Padded zeros count " +
    "in the mean (PyTorch's count_include_pad = True). Output side = ⌊(in + 2·padding − kernel)/stride⌋ + 1.",
};
