import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, NUMBER, opt } from "../params.ts";
import { positive, unitClosed } from "../range.ts";

export const batchnorm: RegistryEntry = {
  name: "batchnorm",
  confusedWith: { bn: "batch normalization is batchnorm", batchnorm1d: "batchnorm (BatchNorm1d)" },
  role: "layer",
  params: [
    opt("eps", NUMBER, 1e-5, "added to the variance for numerical stability", positive),
    opt("momentum", NUMBER, 0.1, "weight of the newest batch in the running statistics", unitClosed),
    opt("affine", BOOLEAN, true, "learn a per-feature scale γ and shift β"),
  ],
  doc: "Batch normalization: normalize each feature over the batch, then scale and shift.",
  details:
    "x̂ = (x − μ_B)/√(σ²_B + eps), y = γ·x̂ + β. Training uses the batch statistics and updates running " +
    "averages (running = (1 − momentum)·running + momentum·batch, PyTorch's convention); evaluation uses the " +
    "running averages. Makes deep nets far less sensitive to initialization and allows higher learning rates. " +
    "Usually placed between a dense layer and its nonlinearity.",
};
