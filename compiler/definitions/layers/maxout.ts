/** Maxout (Goodfellow et al. 2013): the maximum of each group of k consecutive features. */
import type { RegistryEntry } from "../../registry/types.ts";
import { INTEGER, req } from "../../registry/params.ts";
import { range } from "../../registry/range.ts";
import { diagnostic } from "../../diagnostics.ts";
import { noModule, stateless, SWAP, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface MaxoutLayer extends LayerBase {
  readonly kind: "maxout";
  readonly k: number;
}

const entry: RegistryEntry = {
  name: "maxout",
  role: "layer",
  params: [req("k", INTEGER, "group size: k consecutive features reduce to their maximum", range("[2, ∞)"))],
  doc: "Maxout: the maximum over groups of k consecutive features (output features = input / k).",
  details:
    "y_j = max(x_{jk}, …, x_{jk+k−1}). Generalizes ReLU and leaky ReLU (a max of linear pieces), never saturates " +
    "and has no dead units, at the cost of k times the parameters in the preceding dense layer (Goodfellow et al. " +
    "2013). The input feature count must be divisible by k.",
};

/** The model's field holding the step's Maxout (runtime/layers/maxout.ts). */
const member = (s: { index: number }): string => `maxout${s.index}`;

export const maxout: LayerDefinition<MaxoutLayer> = {
  kind: "maxout",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  plan: (b) => {
    const k = b.call.args.number("k");
    const inputSize = b.base.inputSize;
    if (inputSize % k !== 0) {
      b.out.push(
        diagnostic("NN4004", `maxout(${k}) needs a feature count divisible by ${k}, but it receives ${inputSize}`, b.call.call.span),
      );
      return undefined;
    }
    return { ...b.base, kind: "maxout", outputSize: inputSize / k, outputShape: [inputSize / k], k };
  },
  flops: () => 0,
  summary: (l) => `maxout(${l.k})`,
  label: (l) => `maxout k = ${l.k}`,
  typescript: {
    scratch: (s, rows) => [
      { name: `argmax${s.index}`, kind: "ints", size: rows * s.layer.outputSize, doc: "winning input of each maxout group" },
    ],
    constants: () => [],
    members: (s) => [
      {
        name: member(s),
        type: "Maxout",
        initializer: `new Maxout({ inputs: ${s.layer.inputSize}, k: ${s.layer.k}, argmax: this.argmax${s.index} })`,
        doc: s.label,
      },
    ],
    imports: () => ["Maxout"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g, o);`, SWAP] : []),
  },
  pytorch: {
    ...noModule,
    forward: (l) =>
      `x = x.view(len(x), ${l.outputSize}, ${l.k}).max(dim=2).values  # maxout: the largest of each ${l.k} consecutive features`,
  },
};
