import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { LOSS_SUM_HEAD, type LossDefinition } from "./definition.ts";

export interface HingeLoss {
  readonly kind: "hinge";
  readonly margin: number;
}

const entry: RegistryEntry = {
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

export const hinge: LossDefinition<HingeLoss> = {
  kind: "hinge",
  entry,
  plan: (call) => ({ kind: "hinge", margin: call.args.number("margin") }),
  typescript: {
    type: "HingeLoss",
    settings: (loss, width) => `{ classes: ${width}, margin: ${num(loss.margin)}, grad: this.gradA }`,
    against: "labels",
  },
  pytorch: (loss) =>
    [
      LOSS_SUM_HEAD,
      `    """Multiclass SVM loss (CS231n): Σ_{j≠y} max(0, s_j − s_y + margin) per sample, summed over the batch."""`,
      `    margins = F.relu(outputs - outputs.gather(1, y[:, None]) + ${pyFloat(loss.margin)})`,
      `    return margins.scatter(1, y[:, None], 0.0).sum()`,
    ].join("\n"),
};
