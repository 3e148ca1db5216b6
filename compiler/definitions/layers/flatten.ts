/** [C, H, W] → C·H·W features in NCHW order (nn.Flatten): the data is already in that order. */
import type { RegistryEntry } from "../../registry/types.ts";
import { noModule, stateless, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface FlattenLayer extends LayerBase {
  readonly kind: "flatten";
}

const entry: RegistryEntry = {
  name: "flatten",
  confusedWith: { reshape: "flatten turns [C, H, W] into features" },
  role: "layer",
  params: [],
  doc: "Flatten [C, H, W] into C·H·W features in NCHW order (PyTorch nn.Flatten).",
  details:
    "Feature index c·H·W + i·W + j, exactly PyTorch's order, so a dense layer after it has the same weight " +
    "layout as in PyTorch. Costs nothing: the data is already stored in that order. A dense layer directly " +
    "after a convolution flattens implicitly.",
};

export const flatten: LayerDefinition<FlattenLayer> = {
  kind: "flatten",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  plan: (b) => ({ ...b.base, kind: "flatten", outputSize: b.base.inputSize, outputShape: [b.base.inputSize] }),
  flops: () => 0,
  summary: () => "flatten",
  label: (l) => `flatten → ${l.outputSize}`,
  typescript: {
    scratch: () => [],
    constants: () => [],
    members: (s) => [
      { name: `flatten${s.index}`, type: "Flatten", initializer: `new Flatten({ features: ${s.layer.outputSize} })`, doc: s.label },
    ],
    imports: () => ["Flatten"],
    forward: (s) => [`this.flatten${s.index}.forward(n, ${s.input}, this.${s.output});`],
    // Same elements in the same order: the gradient passes through unchanged.
    backward: () => [],
  },
  pytorch: { ...noModule, forward: () => "x = x.flatten(1)" },
};
