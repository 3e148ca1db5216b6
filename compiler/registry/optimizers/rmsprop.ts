import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, NUMBER, opt } from "../params.ts";
import { nonNegative, unitClosed } from "../range.ts";
import { eps, lr, weightDecay } from "./common.ts";

export const rmsprop: RegistryEntry = {
  name: "rmsprop",
  role: "optimizer",
  params: [
    lr(0.01),
    opt("alpha", NUMBER, 0.99, "smoothing constant of the squared-gradient average", unitClosed),
    eps(1e-8),
    weightDecay(0),
    opt("momentum", NUMBER, 0, "momentum factor", nonNegative),
    opt("centered", BOOLEAN, false, "normalize by the estimated variance instead of the second moment"),
  ],
  doc: "RMSprop: divide the gradient by a running RMS of recent gradients.",
  details:
    "v ← α·v + (1 − α)·g², θ ← θ − lr·g/(√v + ε) (Hinton's lecture 6e). Like Adagrad but with a leaky average, " +
    "so step sizes adapt without decaying to zero. `centered` subtracts the squared mean gradient from v.",
};
