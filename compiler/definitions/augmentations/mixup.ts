import { NUMBER, opt } from "../../registry/params.ts";
import { positive, unitClosed } from "../../registry/range.ts";
import { pyFloat, pyStr } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const mixup = defineAugmentation<{ readonly kind: "mixup"; readonly alpha: number; readonly p: number }>({
  entry: {
    name: "mixup",
    role: "augment",
    params: [
      opt("alpha", NUMBER, 0.2, "λ ~ Beta(alpha, alpha)", positive),
      opt("p", NUMBER, 1, "probability of mixing a batch", unitClosed),
    ],
    doc: "Train on convex combinations of pairs of examples and of their labels (Zhang et al. 2018).",
    details:
      "Per batch: λ ~ Beta(α, α), a random permutation π; x ← λ·x + (1 − λ)·x_π and the one-hot labels mix " +
      "the same way, so the loss is cross-entropy against soft labels (label smoothing applies on top). " +
      "Needs cross_entropy. Training accuracy is then measured against the unmixed labels.",
  },
  plan: (a) => ({ kind: "mixup", alpha: a.number("alpha"), p: a.number("p") }),
  mixesLabels: true,
  pytorch: (a) => ({ mix: `(${pyStr("mixup")}, ${pyFloat(a.alpha)}, ${pyFloat(a.p)})` }),
});
