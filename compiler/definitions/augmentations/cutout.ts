import { INTEGER, NUMBER, opt, req } from "../../registry/params.ts";
import { atLeastOne, unitClosed } from "../../registry/range.ts";
import { pyFloat, pyNum } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const cutout = defineAugmentation<{ readonly kind: "cutout"; readonly size: number; readonly p: number }>({
  entry: {
    name: "cutout",
    confusedWith: { random_erasing: "random erasing is cutout" },
    role: "augment",
    params: [
      req("size", INTEGER, "side of the square that is zeroed", atLeastOne),
      opt("p", NUMBER, 1, "probability of applying it to each image", unitClosed),
    ],
    doc: "Zero a size×size square at a random centre in every channel (DeVries & Taylor 2017).",
    details:
      "The centre is uniform over the image, so the square may be clipped at the border (as in the paper). " +
      "Forces the network to use the whole object rather than one discriminative patch.",
  },
  plan: (a) => ({ kind: "cutout", size: a.number("size"), p: a.number("p") }),
  mixesLabels: false,
  pytorch: (a) => ({ transform: `x = cutout(x, ${pyNum(a.size)}, ${pyFloat(a.p)})` }),
});
