import type { RegistryEntry } from "../types.ts";

export const mse: RegistryEntry = {
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
