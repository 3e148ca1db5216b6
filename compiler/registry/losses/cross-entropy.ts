import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { unitClosed } from "../range.ts";

export const crossEntropy: RegistryEntry = {
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
