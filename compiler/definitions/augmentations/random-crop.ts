import { INTEGER, req } from "../../registry/params.ts";
import { atLeastOne } from "../../registry/range.ts";
import { pyNum } from "../../pytorch/literals.ts";
import { defineAugmentation } from "./definition.ts";

export const random_crop = defineAugmentation<{ readonly kind: "random_crop"; readonly padding: number }>({
  entry: {
    name: "random_crop",
    confusedWith: { crop: "random_crop(padding)" },
    role: "augment",
    params: [req("padding", INTEGER, "zeros added on every side before cropping back to the input size", atLeastOne)],
    doc: "Pad with zeros and crop a random window of the original size (torchvision RandomCrop(size, padding)).",
    details:
      "Equivalent to shifting the image by a uniform integer offset in [−padding, padding] on each axis, " +
      "filling the uncovered border with 0 (the mean, after standardization). The classic CIFAR/Fashion-MNIST " +
      "augmentation: the label does not change when an object moves by a few pixels.",
  },
  plan: (a) => ({ kind: "random_crop", padding: a.number("padding") }),
  mixesLabels: false,
  pytorch: (a) => ({
    transform: `x = random_shift(x, ${pyNum(a.padding)}, ${pyNum(a.padding)})  # random_crop: zero-pad, then crop back at a random offset`,
  }),
});
