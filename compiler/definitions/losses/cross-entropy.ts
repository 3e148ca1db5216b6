import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { unitClosed } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { LOSS_SUM_HEAD, type LossDefinition } from "./definition.ts";

export interface CrossEntropyLoss {
  readonly kind: "cross_entropy";
  readonly labelSmoothing: number;
}

const entry: RegistryEntry = {
  name: "cross_entropy",
  confusedWith: {
    softmax: "the softmax loss is cross_entropy, which applies the softmax to the raw scores itself",
    softmax_loss: "the softmax loss is cross_entropy",
    softmax_cross_entropy: "cross_entropy is softmax cross-entropy",
    nll: "cross_entropy is the negative log-likelihood of the softmax",
    nll_loss: "cross_entropy is the negative log-likelihood of the softmax",
    log_loss: "cross_entropy is the log loss of the softmax",
    categorical_crossentropy: "Keras's categorical_crossentropy is cross_entropy",
    sparse_categorical_crossentropy: "Keras's sparse_categorical_crossentropy is cross_entropy",
    logistic: "the multiclass logistic loss is cross_entropy",
    ce: "cross_entropy",
  },
  role: "loss",
  params: [opt("label_smoothing", NUMBER, 0, "mix the one-hot target with the uniform distribution", unitClosed)],
  doc: "Softmax cross-entropy on raw scores (PyTorch nn.CrossEntropyLoss).",
  details:
    "L = −log(e^{s_y}/Σ_j e^{s_j}), averaged over the batch; the gradient on the scores is softmax(s) − onehot(y). " +
    "With label smoothing ε the target is (1 − ε)·onehot + ε/C. The natural loss for classification: a " +
    "probabilistic interpretation, never satisfied (unlike hinge). Give it raw scores, not a softmax output.",
};

export const crossEntropy: LossDefinition<CrossEntropyLoss> = {
  kind: "cross_entropy",
  entry,
  plan: (call) => ({ kind: "cross_entropy", labelSmoothing: call.args.number("label_smoothing") }),
  typescript: {
    type: "CrossEntropyLoss",
    settings: (loss, width) => `{ classes: ${width}, labelSmoothing: ${num(loss.labelSmoothing)}, grad: this.gradA }`,
    against: "labels",
  },
  pytorch: (loss) =>
    [
      LOSS_SUM_HEAD,
      `    """Cross-entropy on the logits, summed over the batch (the caller divides by the global batch size)."""`,
      `    return F.cross_entropy(outputs, y, reduction="sum", label_smoothing=${pyFloat(loss.labelSmoothing)})`,
      ``,
      ``,
      `def mixed_loss_sum(outputs: torch.Tensor, y: torch.Tensor, lam: float, perm: torch.Tensor) -> torch.Tensor:`,
      `    """Cross-entropy against mixed labels λ·y + (1 − λ)·y[perm] (label smoothing folded in), summed over the batch."""`,
      `    return lam * loss_sum(outputs, y) + (1 - lam) * loss_sum(outputs, y[perm])`,
    ].join("\n"),
};
