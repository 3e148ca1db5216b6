import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, INTEGER, opt, req } from "../params.ts";
import { atLeastOne, nonNegative } from "../range.ts";

export const conv2d: RegistryEntry = {
  name: "conv2d",
  confusedWith: { convolution: "conv2d", conv2: "conv2d" },
  aliases: ["conv"],
  role: "layer",
  params: [
    req("filters", INTEGER, "number of output channels", atLeastOne),
    req("kernel", INTEGER, "side of the square kernel", atLeastOne),
    opt("stride", INTEGER, 1, "step between neighbouring windows", atLeastOne),
    opt("padding", INTEGER, 0, "zeros added on every side of the input", nonNegative),
    opt("dilation", INTEGER, 1, "spacing between kernel taps", atLeastOne),
    opt("groups", INTEGER, 1, "split input and output channels into this many independent groups", atLeastOne),
    opt("bias", BOOLEAN, true, "add a learned bias per output channel"),
  ],
  doc: "2-D convolution over [channels, height, width] (PyTorch nn.Conv2d, NCHW).",
  details:
    "y[o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v] · x[g·C/groups + c, i·stride − padding + u·dilation, j·stride − padding + v·dilation]. " +
    "Weight shape [filters, in/groups, kernel, kernel]. Output side = ⌊(in + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1. " +
    "Parameters: filters·in/groups·kernel² + filters; forward cost 2·(in/groups)·kernel² FLOPs per output value. " +
    "Shares one small filter across all positions, so it learns local, translation-equivariant features with few parameters.",
};
