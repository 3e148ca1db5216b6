import type { RegistryEntry } from "../types.ts";
import { INTEGER, NUMBER, opt, req } from "../params.ts";
import { atLeastOne, unitClosed } from "../range.ts";

export const cutout: RegistryEntry = {
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
};
