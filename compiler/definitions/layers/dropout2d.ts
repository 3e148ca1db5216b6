/** Channel dropout (nn.Dropout2d): zero whole feature maps with probability p while training. */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, req } from "../../registry/params.ts";
import { unitOpen } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { inputMap, stateless, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface Dropout2dLayer extends LayerBase {
  readonly kind: "dropout2d";
  readonly p: number;
  readonly channels: number;
  readonly spatial: number;
}

const entry: RegistryEntry = {
  name: "dropout2d",
  role: "layer",
  params: [req("p", NUMBER, "probability of zeroing each whole channel during training", unitOpen)],
  doc: "Channel dropout: zero whole feature maps with probability p, scale survivors by 1/(1−p) (nn.Dropout2d).",
  details:
    "Neighbouring pixels of a feature map are strongly correlated, so dropping single activations regularizes " +
    "a conv net little; dropping entire channels does (Tompson et al. 2015). Needs a [C, H, W] input.",
};

/** The model's field holding the step's Dropout2d (runtime/layers/dropout.ts). */
const member = (s: { index: number }): string => `dropout${s.index}`;

export const dropout2d: LayerDefinition<Dropout2dLayer> = {
  kind: "dropout2d",
  entries: [{ entry, needsMap: true }],
  ...stateless,
  plan: (b) => {
    const map = inputMap(b);
    const p = b.call.args.number("p");
    return {
      ...b.base,
      kind: "dropout2d",
      outputSize: b.base.inputSize,
      outputShape: b.inputShape,
      p,
      channels: map.c,
      spatial: map.h * map.w,
    };
  },
  flops: () => 0,
  summary: (l) => `dropout2d(${l.p})`,
  label: (l) => `dropout2d p = ${l.p}`,
  typescript: {
    scratch: (s, rows) => [
      { name: `mask${s.index}`, kind: "floats", size: rows * s.layer.channels, doc: "channel dropout mask: 0 or 1/(1-p) per feature map" },
    ],
    constants: () => [],
    members: (s) => {
      const l = s.layer;
      const settings = `{ channels: ${l.channels}, spatial: ${l.spatial}, p: ${num(l.p)}, mask: this.mask${s.index} }`;
      return [{ name: member(s), type: "Dropout2d", initializer: `new Dropout2d(${settings})`, doc: s.label }];
    },
    imports: () => ["Dropout2d"],
    forward: (s) => [
      `if (training) this.${member(s)}.forwardTrain(n, ${s.input}, this.${s.output}, this.rng);`,
      `else this.${member(s)}.forwardEval(n, ${s.input}, this.${s.output});`,
    ],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g);`] : []),
  },
  pytorch: {
    module: (l) => `nn.Dropout2d(p=${pyFloat(l.p)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: () => [],
  },
};
