import type { RegistryEntry } from "../types.ts";
import { INTEGER, req } from "../params.ts";
import { atLeastOne } from "../range.ts";

export const random_crop: RegistryEntry = {
  name: "random_crop",
  confusedWith: { crop: "random_crop(padding)" },
  role: "augment",
  params: [req("padding", INTEGER, "zeros added on every side before cropping back to the input size", atLeastOne)],
  doc: "Pad with zeros and crop a random window of the original size (torchvision RandomCrop(size, padding)).",
  details:
    "Equivalent to shifting the image by a uniform integer offset in [−padding, padding] on each axis, " +
    "filling the uncovered border with 0 (the mean, after standardization). The classic CIFAR/Fashion-MNIST " +
    "augmentation: the label does not change when an object moves by a few pixels.",
};
