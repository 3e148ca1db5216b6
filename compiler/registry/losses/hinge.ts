import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative } from "../range.ts";

export const hinge: RegistryEntry = {
  name: "hinge",
  confusedWith: {
    svm: "the multiclass SVM loss is hinge",
    svm_loss: "the multiclass SVM loss is hinge",
    multiclass_svm: "the multiclass SVM loss is hinge",
    multi_margin: "PyTorch's MultiMarginLoss is hinge",
  },
  role: "loss",
  params: [opt("margin", NUMBER, 1, "required gap between the correct score and the others", nonNegative)],
  doc: "Multiclass SVM loss (CS231n): Σ_{j≠y} max(0, s_j − s_y + margin).",
  details:
    "L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + Δ), mean over the batch. Satisfied once the correct class wins by " +
    "the margin Δ; it then stops caring, unlike cross-entropy. Usually combined with l2 regularization.",
};
