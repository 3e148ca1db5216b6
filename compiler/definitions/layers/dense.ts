/** Fully connected layer, y = x·Wᵀ + b (nn.Linear): one GEMM forward, two backward. */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, INTEGER, opt, req } from "../../registry/params.ts";
import { atLeastOne } from "../../registry/range.ts";
import { pyBool } from "../../pytorch/literals.ts";
import type { InitPlan } from "../initializers/index.ts";
import { savedInput, SWAP, type LayerBase, type LayerDefinition, type TrainSettings } from "./definition.ts";
import { pytorchWeightInit } from "./weights.ts";

export interface DenseLayer extends LayerBase, TrainSettings {
  readonly kind: "dense";
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
}

const entry: RegistryEntry = {
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

/** The model's field holding the step's Dense (runtime/layers/dense.ts). */
const member = (s: { index: number }): string => `dense${s.index}`;

export const dense: LayerDefinition<DenseLayer> = {
  kind: "dense",
  entries: [{ entry, needsMap: false }],
  parametric: true,
  plan: (b) => {
    const units = b.call.args.number("units");
    return {
      ...b.base,
      kind: "dense",
      outputSize: units,
      outputShape: [units],
      bias: b.call.args.boolean("bias"),
      weightInit: b.weightInit(),
      biasInit: b.biasInit(),
      ...b.train,
    };
  },
  tensors: (l) => {
    const fans = { fanIn: l.inputSize, fanOut: l.outputSize };
    const train = { lrMult: l.lrMult, wdMult: l.wdMult, frozen: l.frozen };
    return [
      {
        role: "weight",
        shape: [l.outputSize, l.inputSize],
        buffer: "params",
        init: l.weightInit,
        fans,
        matrix: { rows: l.outputSize, cols: l.inputSize },
        train,
      },
      ...(l.bias
        ? [
            {
              role: "bias",
              shape: [l.outputSize],
              buffer: "params",
              init: l.biasInit,
              fans,
              matrix: { rows: l.outputSize, cols: 1 },
              train,
            } as const,
          ]
        : []),
    ];
  },
  flops: (l) => 2 * l.inputSize * l.outputSize,
  summary: (l) => `dense(${l.outputSize}${l.bias ? "" : ", bias = false"})`,
  label: (l) => `${l.name}: dense ${l.inputSize} → ${l.outputSize}`,
  fusesRelu: () => true,
  typescript: {
    // The object's fields carry PyTorch's names; `bias` is null only for a layer without one, which has no bias to fill.
    tensorView: (s, role) => `this.${member(s)}.tensors.${role === "bias" ? "bias!" : role}`,
    scratch: () => [],
    constants: () => [],
    // The layer's sizes and tensors, as views made once: forward and backward then name only what changes per call.
    members: (s, ctx) => {
      const l = s.layer;
      const tensors = [
        `inputs: ${l.inputSize}`,
        `outputs: ${l.outputSize}`,
        `relu: ${s.fusedRelu}`,
        `weight: ${ctx.view(`${l.name}.weight`, "values")}`,
        `bias: ${l.bias ? ctx.view(`${l.name}.bias`, "values") : "null"}`,
        `weightGrad: ${s.trainable ? ctx.view(`${l.name}.weight`, "gradient") : "null"}`,
        `biasGrad: ${s.trainable && l.bias ? ctx.view(`${l.name}.bias`, "gradient") : "null"}`,
      ];
      return [{ name: member(s), type: "Dense", initializer: `new Dense({ ${tensors.join(", ")} })`, doc: s.label }];
    },
    imports: () => ["Dense"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => {
      // A frozen step with nothing trainable before it has no gradient to compute (not even its ReLU mask).
      if (!s.trainable && !s.needsInputGrad) return [];
      const dx = s.needsInputGrad ? "o" : "null";
      return [`this.${member(s)}.backward(n, ${savedInput(s)}, this.${s.output}, g, ${dx});`, ...(s.needsInputGrad ? [SWAP] : [])];
    },
  },
  pytorch: {
    module: (l) => `nn.Linear(${l.inputSize}, ${l.outputSize}, bias=${pyBool(l.bias)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: (l, module, paths) =>
      pytorchWeightInit(l, module, { fanIn: l.inputSize, fanOut: l.outputSize }, [l.outputSize, l.inputSize], paths),
  },
};
