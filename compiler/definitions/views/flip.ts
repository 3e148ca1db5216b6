import { defineView } from "./definition.ts";

export const hflipView = defineView<{ readonly kind: "hflip" }>({
  entry: {
    name: "hflip",
    confusedWith: { horizontal_flip: "hflip", flip: "hflip or vflip" },
    role: "view",
    params: [],
    doc: "Also look at every image mirrored left–right; the prediction is the mean of the outputs over the views.",
    details:
      "x[c, i, j] ← x[c, i, W − 1 − j]. The usual test-time augmentation for models trained with `hflip()`: " +
      "the network's outputs (logits) for the image and its mirror are averaged before the loss and metrics.",
  },
  plan: () => ({ kind: "hflip" }),
  pytorch: "torch.flip(x, dims=(3,))",
});

export const vflipView = defineView<{ readonly kind: "vflip" }>({
  entry: {
    name: "vflip",
    confusedWith: { vertical_flip: "vflip", flip: "hflip or vflip" },
    role: "view",
    params: [],
    doc: "Also look at every image mirrored top–bottom; the prediction is the mean of the outputs over the views.",
    details:
      "x[c, i, j] ← x[c, H − 1 − i, j]. For models trained with `vflip()` on data without a natural up " +
      "direction (satellite, microscopy).",
  },
  plan: () => ({ kind: "vflip" }),
  pytorch: "torch.flip(x, dims=(2,))",
});
