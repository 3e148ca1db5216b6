import type { RegistryEntry } from "../types.ts";
import { NUMBER, req } from "../params.ts";
import { unitOpen } from "../range.ts";

export const translate: RegistryEntry = {
  name: "translate",
  role: "augment",
  params: [req("fraction", NUMBER, "largest shift as a fraction of the image side", unitOpen)],
  doc: "Shift each image by a random whole number of pixels, up to fraction·side on each axis (RandomAffine translate).",
  details:
    "Offsets are uniform integers in [−⌊fraction·H⌋, ⌊fraction·H⌋] (rows) and likewise for columns; the " +
    "uncovered border is filled with 0. random_crop(padding) is the same with the limit given in pixels.",
};
