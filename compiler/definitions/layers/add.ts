/** The elementwise sum of two or more equal-shaped inputs: a residual connection's merge (`x + branch(x)`). */
import type { RegistryEntry } from "../../registry/types.ts";
import { diagnostic } from "../../diagnostics.ts";
import { noModule, stateless, type KernelStep, type LayerBase, type LayerDefinition } from "./definition.ts";
import { mergeBackward, mergeShapes, shapeText } from "./merge-inputs.ts";

export interface AddLayer extends LayerBase {
  readonly kind: "add";
}

const entry: RegistryEntry = {
  name: "add",
  role: "layer",
  params: [],
  doc: "Sum of its branches, which must have one shape: `add { branch { … } branch { … } }` (a residual's merge).",
  details:
    "y = Σ_k branch_k(x). Every branch starts from the merge's input; all must give the same shape. Backward " +
    "hands the output's gradient unchanged to every branch — the identity path of a residual block carries the " +
    "gradient past the branch, which is why deep residual networks train. Written as `add { }` or `residual { }`.",
};

/** The model's field holding the step's Add (runtime/layers/merge.ts). */
const member = (s: KernelStep<AddLayer>): string => `add${s.index}`;

export const add: LayerDefinition<AddLayer> = {
  kind: "add",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  // A residual block's ReLU after its merge runs in the sum's pass; a merge of more inputs adds them one by one.
  fusesRelu: (l) => l.inputs.length === 2,
  // A residual block's output gradient comes from the next block's branch (in g) and its shortcut (in the buffer):
  // Add.sumBackward adds them, masks and hands the result to the one input whose gradient goes to a buffer.
  addsOutputGrad: (l, grads) => l.inputs.length === 2 && grads.filter((d) => d.to === "buffer").length === 1,
  plan: (b) => {
    const shapes = mergeShapes(b, "add");
    if (shapes === undefined) return undefined;
    const other = shapes.find((s) => shapeText(s) !== shapeText(b.inputShape));
    if (other !== undefined) {
      const message = `\`add\` needs branches of one shape, but they give ${shapeText(b.inputShape)} and ${shapeText(other)}`;
      b.out.push(diagnostic("NN4010", message, b.call.call.span));
      return undefined;
    }
    return { ...b.base, kind: "add", outputSize: b.base.inputSize, outputShape: b.inputShape };
  },
  flops: (l) => l.outputSize * (l.inputs.length - 1),
  summary: () => "add",
  label: (l) => `${l.name}: add ${l.inputs.length} × ${l.outputSize}`,
  typescript: {
    scratch: () => [],
    constants: () => [],
    members: (s) => [
      {
        name: member(s),
        type: "Add",
        initializer: `new Add({ features: ${s.layer.outputSize}${s.fusedRelu ? ", relu: true" : ""} })`,
        doc: s.label,
      },
    ],
    imports: () => ["Add"],
    forward: (s) => [
      `this.${member(s)}.forward(n, ${s.inputs[0]}, ${s.inputs[1]}, this.${s.output});`,
      ...s.inputs.slice(2).map((x) => `this.${member(s)}.accumulate(n, ${x}, this.${s.output});`),
    ],
    // Each input's gradient is g itself (through the fused ReLU's mask first): copied or added into the
    // accumulation buffers, left in g for the next step.
    backward: (s) => {
      const shortcut = s.inputGrads.find((d) => d.to === "buffer");
      if (s.addsOutputGrad && shortcut?.to === "buffer")
        return [
          `this.${member(s)}.sumBackward(n, this.${s.output}, g, this.${s.outputGrad}, this.${shortcut.buffer}, ${shortcut.accumulate});`,
        ];
      return [
        ...(s.fusedRelu ? [`this.${member(s)}.reluBackward(n, this.${s.output}, g);`] : []),
        ...mergeBackward(
          s,
          (_, target, acc) => `this.${member(s)}.backward(n, g, ${target}, ${acc});`,
          () => [],
        ),
      ];
    },
  },
  pytorch: {
    ...noModule,
    forward: (l, _, inputs) => `x = ${mergeOperands(l, inputs).join(" + ")}`,
  },
};

/** The Python variables of a merge's inputs, which the caller names (a merge reads more than `x`). */
export function mergeOperands(l: LayerBase, inputs: readonly string[] | undefined): readonly string[] {
  if (inputs === undefined || inputs.length !== l.inputs.length)
    throw new Error(`internal: the PyTorch forward of merge ${l.name} needs its ${l.inputs.length} input variables`);
  return inputs;
}
