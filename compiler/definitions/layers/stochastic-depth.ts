/**
 * Stochastic depth (Huang et al. 2016; torchvision.ops.StochasticDepth(p, mode = "row")): while training, zero
 * each sample's whole row with probability p and scale the kept rows by 1/(1 − p); the identity in evaluation.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, req } from "../../registry/params.ts";
import { unitOpen } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { stateless, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface StochasticDepthLayer extends LayerBase {
  readonly kind: "stochastic_depth";
  readonly p: number;
}

const entry: RegistryEntry = {
  name: "stochastic_depth",
  confusedWith: { drop_path: "stochastic_depth (drop a residual branch per sample)", droppath: "stochastic_depth" },
  role: "layer",
  params: [req("p", NUMBER, "probability of dropping each sample's row during training", unitOpen)],
  doc: "Stochastic depth: drop each sample's whole row with probability p while training (torchvision StochasticDepth, row mode).",
  details:
    "y = x·m with one m ∈ {0, 1/(1−p)} per sample, drawn from the model's seeded generator; the identity in " +
    "evaluation. Meant as the last layer of a residual branch: a dropped sample skips the branch and the block " +
    "is the identity for it, so training sees random shallower networks and testing averages them (add noise, " +
    "marginalize at test). Deeper blocks usually get a larger p.",
};

/** torchvision.ops.StochasticDepth(p, "row"), without needing torchvision. */
const pythonClass = [
  `class StochasticDepth(nn.Module):`,
  `    """torchvision.ops.StochasticDepth(p, mode="row"): while training, zero each sample's whole row with`,
  `    probability p and scale the kept rows by 1/(1 - p); the identity in evaluation."""`,
  ``,
  `    def __init__(self, p: float) -> None:`,
  `        super().__init__()`,
  `        self.p = p`,
  ``,
  `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
  `        if not self.training or self.p == 0.0:`,
  `            return x`,
  `        keep = 1.0 - self.p`,
  `        noise = torch.empty([x.shape[0]] + [1] * (x.dim() - 1), dtype=x.dtype, device=x.device).bernoulli_(keep)`,
  `        return x * noise.div_(keep)`,
].join("\n");

/** The model's field holding the step's StochasticDepth (runtime/layers/stochastic-depth.ts). */
const member = (s: { index: number }): string => `stochasticDepth${s.index}`;

export const stochasticDepth: LayerDefinition<StochasticDepthLayer> = {
  kind: "stochastic_depth",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  plan: (b) => ({
    ...b.base,
    kind: "stochastic_depth",
    outputSize: b.base.inputSize,
    outputShape: b.inputShape,
    p: b.call.args.number("p"),
  }),
  flops: () => 0,
  summary: (l) => `stochastic_depth(${l.p})`,
  label: (l) => `stochastic_depth p = ${l.p}`,
  typescript: {
    scratch: (s, rows) => [{ name: `rowMask${s.index}`, kind: "floats", size: rows, doc: "stochastic depth mask: 0 or 1/(1-p) per row" }],
    constants: () => [],
    members: (s) => {
      const settings = `{ features: ${s.layer.outputSize}, p: ${num(s.layer.p)}, mask: this.rowMask${s.index} }`;
      return [{ name: member(s), type: "StochasticDepth", initializer: `new StochasticDepth(${settings})`, doc: s.label }];
    },
    imports: () => ["StochasticDepth"],
    forward: (s) => [
      `if (training) this.${member(s)}.forwardTrain(n, ${s.input}, this.${s.output}, this.rng);`,
      `else this.${member(s)}.forwardEval(n, ${s.input}, this.${s.output});`,
    ],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g);`] : []),
  },
  pytorch: {
    module: (l) => `StochasticDepth(p=${pyFloat(l.p)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: () => [],
    classes: () => [pythonClass],
  },
};
