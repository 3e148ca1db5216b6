import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { unitClosed } from "../range.ts";

export const hflip: RegistryEntry = {
  name: "hflip",
  confusedWith: { horizontal_flip: "hflip", flip: "hflip or vflip" },
  role: "augment",
  params: [opt("p", NUMBER, 0.5, "probability of flipping each image", unitClosed)],
  doc: "Mirror each image left–right with probability p (torchvision RandomHorizontalFlip).",
  details: "x[c, i, j] ← x[c, i, W − 1 − j]. Safe for clothing and natural images; wrong for digits or text.",
};

export const vflip: RegistryEntry = {
  name: "vflip",
  confusedWith: { vertical_flip: "vflip", flip: "hflip or vflip" },
  role: "augment",
  params: [opt("p", NUMBER, 0.5, "probability of flipping each image", unitClosed)],
  doc: "Mirror each image top–bottom with probability p (torchvision RandomVerticalFlip).",
  details: "x[c, i, j] ← x[c, H − 1 − i, j]. Only for data without a natural up direction (satellite, microscopy).",
};
