import type { RegistryEntry } from "../types.ts";
import { NUMBER, req } from "../params.ts";
import { unitOpen } from "../range.ts";

export const dropout: RegistryEntry = {
  name: "dropout",
  role: "layer",
  params: [req("p", NUMBER, "probability of zeroing each activation during training", unitOpen)],
  doc: "Inverted dropout: zero each activation with probability p, scale survivors by 1/(1−p).",
  details:
    "During training each activation is kept with probability 1−p and divided by 1−p, so the expected value is " +
    "unchanged and nothing needs rescaling at test time (inverted dropout, as in CS231n). It trains an implicit " +
    "ensemble of thinned networks and fights co-adaptation; typical p is 0.2–0.5 after hidden layers. " +
    "Do not put it right before the loss: it would drop class scores.",
};
