import { NUMBER, opt } from "../../registry/params.ts";
import { positive, unitClosed } from "../../registry/range.ts";
import { pyFloat, pyStr } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const cutmix = defineAugmentation<{ readonly kind: "cutmix"; readonly alpha: number; readonly p: number }>({
  entry: {
    name: "cutmix",
    role: "augment",
    params: [
      opt("alpha", NUMBER, 1, "λ ~ Beta(alpha, alpha)", positive),
      opt("p", NUMBER, 0.5, "probability of mixing a batch", unitClosed),
    ],
    doc: "Paste a random box from another example of the batch and mix the labels by area (Yun et al. 2019).",
    details:
      "Per batch: λ ~ Beta(α, α), a random permutation π and a box of area (1 − λ)·H·W at a uniform centre " +
      "(clipped at the border); the box is copied from x_π and the labels mix by the exact pasted area. " +
      "With both mixup and cutmix listed, each mixed batch uses one of them with equal probability.",
  },
  plan: (a) => ({ kind: "cutmix", alpha: a.number("alpha"), p: a.number("p") }),
  mixesLabels: true,
  pytorch: (a) => ({ mix: `(${pyStr("cutmix")}, ${pyFloat(a.alpha)}, ${pyFloat(a.p)})` }),
});
