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
    members: () => [],
    imports: () => ["dropoutForward", "dropoutBackward", "copyInto"],
    forward: (s, ctx) => {
      const size = `n * ${s.layer.outputSize}`;
      return [
        `if (training) dropoutForward(${s.input}, 0, this.${s.output}, 0, this.mask${s.index}, 0, ${size}, ${ctx.dropoutRate()}, this.rng);`,
        `else copyInto(${s.input}, 0, this.${s.output}, 0, ${size});`,
      ];
    },
    backward: (s) => (s.needsInputGrad ? [`dropoutBackward(this.mask${s.index}, 0, g, 0, g, 0, n * ${s.layer.outputSize});`] : []),
  },
  pytorch: {
    module: (l) => `nn.Dropout(p=${pyFloat(l.p)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: () => [],
  },
};
