/** The mean of each channel over all positions: [C, H, W] → [C] (nn.AdaptiveAvgPool2d(1) + flatten). */
import type { RegistryEntry } from "../../registry/types.ts";
import { inputMap, noModule, stateless, SWAP, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface GlobalAvgPoolLayer extends LayerBase {
  readonly kind: "global_avgpool";
  readonly channels: number;
  readonly spatial: number;
}

const entry: RegistryEntry = {
  name: "global_avgpool",
  role: "layer",
  params: [],
  doc: "Mean of each channel over all positions: [C, H, W] → [C] (nn.AdaptiveAvgPool2d(1) + flatten).",
  details:
    "y[c] = Σ_{i, j} x[c, i, j] / (H·W). Replaces a large flatten + dense head with one value per channel, " +
    "so the classifier after it has few parameters and the network accepts any spatial size.",
};

export const globalAvgpool: LayerDefinition<GlobalAvgPoolLayer> = {
  kind: "global_avgpool",
  entries: [{ entry, needsMap: true }],
  ...stateless,
  plan: (b) => {
    const map = inputMap(b);
    return { ...b.base, kind: "global_avgpool", outputSize: map.c, outputShape: [map.c], channels: map.c, spatial: map.h * map.w };
  },
  flops: (l) => l.inputSize,
  summary: () => "global_avgpool",
  label: (l) => `global_avgpool [${l.channels}, ${l.spatial}] → [${l.channels}]`,
  typescript: {
    scratch: () => [],
    constants: () => [],
    members: (s) => [
      {
        name: `globalAvgPool${s.index}`,
        type: "GlobalAvgPool",
        initializer: `new GlobalAvgPool({ channels: ${s.layer.channels}, spatial: ${s.layer.spatial} })`,
        doc: s.label,
      },
    ],
    imports: () => ["GlobalAvgPool"],
    forward: (s) => [`this.globalAvgPool${s.index}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => (s.needsInputGrad ? [`this.globalAvgPool${s.index}.backward(n, g, o);`, SWAP] : []),
  },
  pytorch: { ...noModule, forward: () => "x = F.adaptive_avg_pool2d(x, 1).flatten(1)" },
};
