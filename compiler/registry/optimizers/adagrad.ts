import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative } from "../range.ts";
import { eps, lr, weightDecay } from "./common.ts";

export const adagrad: RegistryEntry = {
  name: "adagrad",
  role: "optimizer",
  params: [
    lr(0.01),
    opt("lr_decay", NUMBER, 0, "learning rate decay: lr/(1 + (t − 1)·lr_decay)", nonNegative),
    weightDecay(0),
    opt("initial_accumulator_value", NUMBER, 0, "starting value of the squared-gradient sum", nonNegative),
    eps(1e-10),
  ],
  doc: "Adagrad: per-parameter step sizes from the sum of all past squared gradients.",
  details:
    "G ← G + g², θ ← θ − lr·g/(√G + ε). Parameters with rare, large gradients get larger steps — good for " +
    "sparse features. The sum only grows, so the effective learning rate decays monotonically and training " +
    "can stall early (CS231n); RMSprop fixes that with a moving average.",
};
