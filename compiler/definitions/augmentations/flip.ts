import { NUMBER, opt } from "../../registry/params.ts";
import { unitClosed } from "../../registry/range.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const hflip = defineAugmentation<{ readonly kind: "hflip"; readonly p: number }>({
  entry: {
    name: "hflip",
    confusedWith: { horizontal_flip: "hflip", flip: "hflip or vflip" },
    role: "augment",
    params: [opt("p", NUMBER, 0.5, "probability of flipping each image", unitClosed)],
    doc: "Mirror each image left–right with probability p (torchvision RandomHorizontalFlip).",
    details: "x[c, i, j] ← x[c, i, W − 1 − j]. Safe for clothing and natural images; wrong for digits or text.",
  },
  plan: (a) => ({ kind: "hflip", p: a.number("p") }),
  mixesLabels: false,
  pytorch: (a) => ({ transform: `x = random_flip(x, ${pyFloat(a.p)}, vertical=${pyBool(false)})` }),
});

export const vflip = defineAugmentation<{ readonly kind: "vflip"; readonly p: number }>({
  entry: {
    name: "vflip",
    confusedWith: { vertical_flip: "vflip", flip: "hflip or vflip" },
    role: "augment",
    params: [opt("p", NUMBER, 0.5, "probability of flipping each image", unitClosed)],
    doc: "Mirror each image top–bottom with probability p (torchvision RandomVerticalFlip).",
    details: "x[c, i, j] ← x[c, H − 1 − i, j]. Only for data without a natural up direction (satellite, microscopy).",
  },
  plan: (a) => ({ kind: "vflip", p: a.number("p") }),
  mixesLabels: false,
  pytorch: (a) => ({ transform: `x = random_flip(x, ${pyFloat(a.p)}, vertical=${pyBool(true)})` }),
});
