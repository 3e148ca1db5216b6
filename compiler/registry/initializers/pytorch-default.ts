import type { RegistryEntry } from "../types.ts";
import { PATH, opt, req } from "../params.ts";

export const pytorchDefault: RegistryEntry = {
  name: "pytorch_default",
  role: "initializer",
  params: [],
  doc: "nn.Linear's default: U(±1/√fan_in) for weights and biases.",
  details:
    "kaiming_uniform(a = √5) for weights, which works out to U(±1/√fan_in), and U(±1/√fan_in) for biases. " +
    "The default when no initializer is given, so results match an untouched PyTorch model.",
};

export const from: RegistryEntry = {
  name: "from",
  role: "initializer",
  params: [
    req("path", PATH, "a .safetensors file"),
    opt(
      "layer",
      { kind: "string" },
      undefined,
      'on a layer: load the tensors of this checkpoint layer (`layer = "hidden"` loads hidden.weight into fc1.weight)',
    ),
  ],
  doc: "Load pretrained tensors from a safetensors file.",
  details:
    "On a layer, the tensor named after the parameter (`fc1.weight`) is loaded; as the model-wide weight_init it " +
    "loads every tensor, including biases and batch-norm buffers. The path resolves from the spec's folder. " +
    "`layer` maps names for transfer learning: the checkpoint's `layer.weight` / `layer.bias` fill this layer's tensors.",
};
