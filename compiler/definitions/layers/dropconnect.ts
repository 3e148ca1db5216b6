/**
 * DropConnect on a dense layer's weights (Wan et al. 2013), written `dense(units, dropconnect = p)`: while
 * training, each forward (one per optimizer step) draws a Bernoulli(1 − p) mask over the weight matrix and the
 * step uses W ⊙ mask/(1 − p) forward and backward; evaluation uses W. An argument of dense rather than a layer
 * of its own because it changes which weights the dense product reads, not the values flowing between layers.
 * The pieces of dense's emission that differ when it is on.
 */
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";
import type { BufferField, KernelStep, LayerBase } from "./definition.ts";

/** What these pieces read of dense's plan (dense.ts's DenseLayer is one; importing it here would make a cycle). */
interface DropConnectPlan extends LayerBase {
  readonly bias: boolean;
  /** The probability of dropping each weight for one training step; 0 is off. */
  readonly dropconnect: number;
}

/** Whether the layer drops weights while training. */
export const dropsWeights = (l: DropConnectPlan): boolean => l.dropconnect > 0;

/** The step's mask, masked weights and (when trained) their gradient, [outputs, inputs] each. */
export function dropConnectScratch(s: KernelStep<DropConnectPlan>): readonly BufferField[] {
  const size = s.layer.outputSize * s.layer.inputSize;
  return [
    { name: `weightMask${s.index}`, kind: "floats", size, doc: "DropConnect mask of this step's weights: 0 or 1/(1-p)" },
    { name: `maskedWeight${s.index}`, kind: "floats", size, doc: "the weights this training step uses: W * mask" },
    ...(s.trainable
      ? [{ name: `maskedWeightGrad${s.index}`, kind: "floats", size, doc: "gradient w.r.t. the masked weights" } as const]
      : []),
  ];
}

/** The settings DropConnectDense (runtime/layers/drop-connect-dense.ts) adds to Dense's. */
export function dropConnectFields(s: KernelStep<DropConnectPlan>): readonly string[] {
  return [
    `p: ${num(s.layer.dropconnect)}`,
    `mask: this.weightMask${s.index}`,
    `masked: this.maskedWeight${s.index}`,
    // Only read when the weight gradient is; an untrained layer shares the masked-weights buffer.
    `maskedGrad: this.${s.trainable ? "maskedWeightGrad" : "maskedWeight"}${s.index}`,
  ];
}

/** nn.Linear with the same state_dict, drawing its mask per training forward. */
export const dropConnectClass = [
  `class DropConnectLinear(nn.Linear):`,
  `    """nn.Linear with DropConnect (Wan et al. 2013): while training, each forward keeps every weight with`,
  `    probability 1 - p, scaled by 1/(1 - p), and zeroes the rest; evaluation uses all the weights."""`,
  ``,
  `    def __init__(self, in_features: int, out_features: int, bias: bool, p: float) -> None:`,
  `        super().__init__(in_features, out_features, bias=bias)`,
  `        self.p = p`,
  ``,
  `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
  `        if not self.training or self.p == 0.0:`,
  `            return F.linear(x, self.weight, self.bias)`,
  `        mask = torch.empty_like(self.weight).bernoulli_(1.0 - self.p).div_(1.0 - self.p)`,
  `        return F.linear(x, self.weight * mask, self.bias)`,
].join("\n");

export const dropConnectModule = (l: DropConnectPlan): string =>
  `DropConnectLinear(${l.inputSize}, ${l.outputSize}, bias=${pyBool(l.bias)}, p=${pyFloat(l.dropconnect)})`;
