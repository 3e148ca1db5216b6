/** Inverted dropout (nn.Dropout): zero each activation with probability p while training, scale survivors by 1/(1−p). */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, req } from "../../registry/params.ts";
import { unitOpen } from "../../registry/range.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { stateless, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface DropoutLayer extends LayerBase {
  readonly kind: "dropout";
  readonly p: number;
}

const entry: RegistryEntry = {
  name: "dropout",
  role: "layer",
  params: [req("p", NUMBER, "probability of zeroing each activation during training", unitOpen)],
  doc: "Inverted dropout: zero each activation with probability p, scale survivors by 1/(1−p).",
  details:
    "During training each activation is kept with probability 1−p and divided by 1−p, so the expected value is " +
    "unchanged and nothing needs rescaling at test time (inverted dropout, as in CS231n). It trains an implicit " +
    "ensemble of thinned networks and fights co-adaptation; typical p is 0.2–0.5 after hidden layers. " +
    "Do not put it right before the loss: it would drop class scores.",
};

/** The model's field holding the step's Dropout (runtime/layers/dropout.ts). */
const member = (s: { index: number }): string => `dropout${s.index}`;

export const dropout: LayerDefinition<DropoutLayer> = {
  kind: "dropout",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  plan: (b) => ({ ...b.base, kind: "dropout", outputSize: b.base.inputSize, outputShape: b.inputShape, p: b.call.args.number("p") }),
  flops: () => 0,
  summary: (l) => `dropout(${l.p})`,
  label: (l) => `dropout p = ${l.p}`,
  typescript: {
    scratch: (s, rows) => [{ name: `mask${s.index}`, kind: "floats", size: rows * s.layer.outputSize, doc: "dropout mask: 0 or 1/(1-p)" }],
    constants: () => [],
    members: (s) => [
      {
        name: member(s),
        type: "Dropout",
        initializer: `new Dropout({ features: ${s.layer.outputSize}, mask: this.mask${s.index} })`,
        doc: s.label,
      },
    ],
    imports: () => ["Dropout"],
    forward: (s, ctx) => [
      `if (training) this.${member(s)}.forwardTrain(n, ${s.input}, this.${s.output}, ${ctx.dropoutRate()}, this.rng);`,
      `else this.${member(s)}.forwardEval(n, ${s.input}, this.${s.output});`,
    ],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g);`] : []),
  },
  pytorch: {
    module: (l) => `nn.Dropout(p=${pyFloat(l.p)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: () => [],
  },
};
