/** Fully connected layer, y = x·Wᵀ + b (nn.Linear): one GEMM forward, two backward. */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, INTEGER, NUMBER, opt, req } from "../../registry/params.ts";
import { atLeastOne, unitOpen } from "../../registry/range.ts";
import { pyBool } from "../../pytorch/literals.ts";
import type { InitPlan } from "../initializers/index.ts";
import { savedInput, SWAP, type LayerBase, type LayerDefinition, type TrainSettings } from "./definition.ts";
import { pytorchWeightInit } from "./weights.ts";
import { dropConnectClass, dropConnectFields, dropConnectModule, dropConnectScratch, dropsWeights } from "./dropconnect.ts";

export interface DenseLayer extends LayerBase, TrainSettings {
  readonly kind: "dense";
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
  /** DropConnect's rate: the probability of dropping each weight for one training step (0: off; dropconnect.ts). */
  readonly dropconnect: number;
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
  params: [
    req("units", INTEGER, "number of output features", atLeastOne),
    opt("bias", BOOLEAN, true, "add a learned bias vector"),
    opt("dropconnect", NUMBER, 0, "DropConnect: probability of dropping each weight for one training step", unitOpen),
  ],
  doc: "Fully connected layer: y = x·Wᵀ + b (PyTorch nn.Linear).",
  details:
    "y = x·Wᵀ + b with W of shape [units, in]. Each output unit is a weighted sum of every input feature: " +
    "the workhorse of an MLP. Parameters: units·in weights + units biases; forward cost 2·in·units FLOPs per " +
    "sample. Follow it with a nonlinearity — two stacked dense layers without one collapse into a single linear map. " +
    "dropconnect = p (DropConnect, Wan et al. 2013): while training, each step uses W ⊙ m/(1 − p) with a fresh " +
    "Bernoulli(1 − p) mask m over the weights (the gradient w.r.t. W is masked the same way); evaluation uses W.",
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
      dropconnect: b.call.args.number("dropconnect"),
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
  summary: (l) => `dense(${l.outputSize}${l.bias ? "" : ", bias = false"}${dropsWeights(l) ? `, dropconnect = ${l.dropconnect}` : ""})`,
  label: (l) => `${l.name}: dense ${l.inputSize} → ${l.outputSize}`,
  fusesRelu: () => true,
  typescript: {
    // The object's fields carry PyTorch's names; `bias` is null only for a layer without one, which has no bias to fill.
    tensorView: (s, role) => `this.${member(s)}.tensors.${role === "bias" ? "bias!" : role}`,
    scratch: (s) => (dropsWeights(s.layer) ? dropConnectScratch(s) : []),
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
      if (dropsWeights(l)) {
        const fields = [...tensors, ...dropConnectFields(s)].join(", ");
        return [{ name: member(s), type: "DropConnectDense", initializer: `new DropConnectDense({ ${fields} })`, doc: s.label }];
      }
      return [{ name: member(s), type: "Dense", initializer: `new Dense({ ${tensors.join(", ")} })`, doc: s.label }];
    },
    imports: (s) => [dropsWeights(s.layer) ? "DropConnectDense" : "Dense"],
    forward: (s) =>
      dropsWeights(s.layer)
        ? [
            `if (training) this.${member(s)}.forwardTrain(n, ${s.input}, this.${s.output}, this.rng);`,
            `else this.${member(s)}.forwardEval(n, ${s.input}, this.${s.output});`,
          ]
        : [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => {
      // A frozen step with nothing trainable before it has no gradient to compute (not even its ReLU mask).
      if (!s.trainable && !s.needsInputGrad) return [];
      const dx = s.needsInputGrad ? "o" : "null";
      return [`this.${member(s)}.backward(n, ${savedInput(s)}, this.${s.output}, g, ${dx});`, ...(s.needsInputGrad ? [SWAP] : [])];
    },
  },
  pytorch: {
    module: (l) => (dropsWeights(l) ? dropConnectModule(l) : `nn.Linear(${l.inputSize}, ${l.outputSize}, bias=${pyBool(l.bias)})`),
    classes: (l) => (dropsWeights(l) ? [dropConnectClass] : []),
    forward: (_, self) => `x = ${self}(x)`,
    init: (l, module, paths) =>
      pytorchWeightInit(l, module, { fanIn: l.inputSize, fanOut: l.outputSize }, [l.outputSize, l.inputSize], paths),
  },
};
