import { NUMBER, req } from "../../registry/params.ts";
import { unitOpen } from "../../registry/range.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const translate = defineAugmentation<{ readonly kind: "translate"; readonly fraction: number }>({
  entry: {
    name: "translate",
    role: "augment",
    params: [req("fraction", NUMBER, "largest shift as a fraction of the image side", unitOpen)],
    doc: "Shift each image by a random whole number of pixels, up to fraction·side on each axis (RandomAffine translate).",
    details:
      "Offsets are uniform integers in [−⌊fraction·H⌋, ⌊fraction·H⌋] (rows) and likewise for columns; the " +
      "uncovered border is filled with 0. random_crop(padding) is the same with the limit given in pixels.",
  },
  plan: (a) => ({ kind: "translate", fraction: a.number("fraction") }),
  mixesLabels: false,
  pytorch: (a) => ({
    transform: `x = random_shift(x, int(${pyFloat(a.fraction)} * x.shape[-2]) if x.dim() == 4 else 0, int(${pyFloat(a.fraction)} * x.shape[-1]))  # translate by up to a fraction of the size`,
  }),
});
