/**
 * Layer normalization (nn.LayerNorm over the whole per-sample shape): normalise each sample over all its
 * values, then scale and shift elementwise. No batch statistics, so training and evaluation agree.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";
import type { LayerBase, LayerDefinition, TrainSettings } from "./definition.ts";
import { normPytorchInit, normTensors } from "./norm-tensors.ts";

export interface LayerNormLayer extends LayerBase, TrainSettings {
  readonly kind: "layernorm";
  readonly eps: number;
  readonly affine: boolean;
  /** The checkpoint γ and β load from, if the spec initialises from one. */
  readonly from: string | undefined;
  /** PyTorch's normalized_shape: the layer's whole per-sample input shape ([C, H, W] after a conv, [F] after dense). */
  readonly normalizedShape: readonly number[];
}

const entry: RegistryEntry = {
  name: "layernorm",
  confusedWith: { layer_norm: "layer normalization is layernorm", ln: "layer normalization is layernorm" },
  role: "layer",
  params: [
    opt("eps", NUMBER, 1e-5, "added to the variance for numerical stability", positive),
    opt("affine", BOOLEAN, true, "learn a scale γ and shift β per element (PyTorch's elementwise_affine)"),
  ],
  doc: "Layer normalization: normalize each sample over all its values, then scale and shift (PyTorch nn.LayerNorm).",
  details:
    "x̂ = (x − μ)/√(σ² + eps) with μ, σ² the mean and biased variance of one sample's values (all of [C, H, W] " +
    "after a convolution, all features after dense); y = γ ⊙ x̂ + β with γ, β shaped like the sample. Unlike " +
    "batchnorm it uses no batch statistics: it behaves the same in training and evaluation and at any batch size.",
};

/** The model's field holding the step's LayerNorm (runtime/layers/group-norm.ts). */
const member = (s: { index: number }): string => `layerNorm${s.index}`;

export const layernorm: LayerDefinition<LayerNormLayer> = {
  kind: "layernorm",
  entries: [{ entry, needsMap: false }],
  parametric: true,
  plan: (b) => ({
    ...b.base,
    kind: "layernorm",
    outputSize: b.base.inputSize,
    outputShape: b.inputShape,
    eps: b.call.args.number("eps"),
    affine: b.call.args.boolean("affine"),
    from: b.weightsFrom,
    normalizedShape: b.inputShape,
    ...b.train,
  }),
  tensors: (l) => normTensors(l, l.normalizedShape),
  // Mean (1), variance (2), normalisation (2), scale and shift (2) per value.
  flops: (l) => 7 * l.inputSize,
  summary: () => "layernorm",
  label: (l) => `${l.name}: layernorm [${l.normalizedShape.join(", ")}]`,
  fusesRelu: () => false,
  typescript: {
    tensorView: (s, role) => `this.${member(s)}.tensors.${role}!`,
    scratch: (s, rows) => [
      { name: `xhat${s.index}`, kind: "floats", size: rows * s.layer.outputSize, doc: "normalised input, kept for backward" },
      { name: `invStd${s.index}`, kind: "floats", size: rows, doc: "1/sqrt(var + eps) per sample" },
    ],
    constants: () => [],
    members: (s, ctx) => {
      const l = s.layer;
      const trained = l.affine && s.trainable;
      const fields = [
        `features: ${l.outputSize}`,
        `eps: ${num(l.eps)}`,
        `weight: ${l.affine ? ctx.view(`${l.name}.weight`, "values") : "null"}`,
        `bias: ${l.affine ? ctx.view(`${l.name}.bias`, "values") : "null"}`,
        `weightGrad: ${trained ? ctx.view(`${l.name}.weight`, "gradient") : "null"}`,
        `biasGrad: ${trained ? ctx.view(`${l.name}.bias`, "gradient") : "null"}`,
        `xhat: this.xhat${s.index}`,
        `invStd: this.invStd${s.index}`,
      ];
      return [{ name: member(s), type: "LayerNorm", initializer: `new LayerNorm({ ${fields.join(", ")} })`, doc: s.label }];
    },
    imports: () => ["LayerNorm"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    // The input gradient overwrites g in place.
    backward: (s) => (s.trainable || s.needsInputGrad ? [`this.${member(s)}.backward(n, g, ${s.needsInputGrad ? "g" : "null"});`] : []),
  },
  pytorch: {
    module: (l) => `nn.LayerNorm([${l.normalizedShape.join(", ")}], eps=${pyFloat(l.eps)}, elementwise_affine=${pyBool(l.affine)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: (l, module, paths) => normPytorchInit(l, l.normalizedShape, module, paths),
  },
};
