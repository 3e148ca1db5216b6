import type { RegistryEntry } from "../../registry/types.ts";
import { LOSS_SUM_HEAD, type LossDefinition } from "./definition.ts";

export interface MseLoss {
  readonly kind: "mse";
}

const entry: RegistryEntry = {
  name: "mse",
  confusedWith: {
    l2: "the squared-error loss is mse",
    l2_loss: "the squared-error loss is mse",
    mean_squared_error: "mse",
    squared_error: "mse",
  },
  role: "loss",
  params: [],
  doc: "Mean squared error: mean over the batch and outputs of (ŷ − y)².",
  details:
    "L = (1/(N·D)) Σ (ŷ − y)² (PyTorch nn.MSELoss, reduction mean). For regression targets given with " +
    "csv(targets = [...]); with class labels the target is the one-hot vector.",
};

export const mse: LossDefinition<MseLoss> = {
  kind: "mse",
  entry,
  plan: () => ({ kind: "mse" }),
  typescript: {
    type: "MseLoss",
    settings: (_, width) => `{ outputs: ${width}, grad: this.gradA }`,
    against: "targets",
  },
  pytorch: () =>
    [
      LOSS_SUM_HEAD,
      `    """Mean squared error per sample (mean over the outputs, as nn.MSELoss), summed over the batch."""`,
      `    return F.mse_loss(outputs, y, reduction="none").mean(dim=1).sum()`,
    ].join("\n"),
};
