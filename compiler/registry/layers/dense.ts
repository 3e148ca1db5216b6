import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, INTEGER, opt, req } from "../params.ts";
import { atLeastOne } from "../range.ts";

export const dense: RegistryEntry = {
  name: "dense",
  confusedWith: {
    fc: "a fully connected layer is dense",
    fully_connected: "a fully connected layer is dense",
    affine: "an affine layer is dense",
  },
  aliases: ["linear"],
  role: "layer",
  params: [req("units", INTEGER, "number of output features", atLeastOne), opt("bias", BOOLEAN, true, "add a learned bias vector")],
  doc: "Fully connected layer: y = x·Wᵀ + b (PyTorch nn.Linear).",
  details:
    "y = x·Wᵀ + b with W of shape [units, in]. Each output unit is a weighted sum of every input feature: " +
    "the workhorse of an MLP. Parameters: units·in weights + units biases; forward cost 2·in·units FLOPs per " +
    "sample. Follow it with a nonlinearity — two stacked dense layers without one collapse into a single linear map.",
};
