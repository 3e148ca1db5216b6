/**
 * Group normalization (nn.GroupNorm): normalise each sample's channels in groups, then scale and shift per
 * channel. No batch statistics, so it works at any batch size and behaves the same in evaluation.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, INTEGER, NUMBER, opt, req } from "../../registry/params.ts";
import { atLeastOne, positive } from "../../registry/range.ts";
import { diagnostic } from "../../diagnostics.ts";
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";
import type { LayerBase, LayerDefinition, TrainSettings } from "./definition.ts";
import { normPytorchInit, normTensors } from "./norm-tensors.ts";

export interface GroupNormLayer extends LayerBase, TrainSettings {
  readonly kind: "groupnorm";
  readonly groups: number;
  readonly eps: number;
  readonly affine: boolean;
  /** The checkpoint γ and β load from, if the spec initialises from one. */
  readonly from: string | undefined;
  /** Channels of a [C, H, W] input (or the features of a flat one) and positions per channel (H·W, or 1). */
  readonly channels: number;
  readonly spatial: number;
}

const entry: RegistryEntry = {
  name: "groupnorm",
  confusedWith: { group_norm: "group normalization is groupnorm", gn: "group normalization is groupnorm" },
  role: "layer",
  params: [
    req("groups", INTEGER, "number of channel groups normalised separately (must divide the channels)", atLeastOne),
    opt("eps", NUMBER, 1e-5, "added to the variance for numerical stability", positive),
    opt("affine", BOOLEAN, true, "learn a per-channel scale γ and shift β"),
  ],
  doc: "Group normalization: normalize each sample's channels in groups, then scale and shift per channel (PyTorch nn.GroupNorm).",
  details:
    "The C channels of a [C, H, W] sample are split into `groups` groups of C/groups consecutive channels; each " +
    "group is normalised with its own mean and biased variance over its channels and positions, " +
    "x̂ = (x − μ_g)/√(σ²_g + eps), then y = γ_c·x̂ + β_c. groups = 1 is layer normalization with per-channel γ; " +
    "groups = C is instance normalization. Independent of the batch size (Wu & He 2018).",
};

/** The model's field holding the step's GroupNorm (runtime/layers/group-norm.ts). */
const member = (s: { index: number }): string => `groupNorm${s.index}`;

export const groupnorm: LayerDefinition<GroupNormLayer> = {
  kind: "groupnorm",
  entries: [{ entry, needsMap: false }],
  parametric: true,
  plan: (b) => {
    const channels = b.map === undefined ? b.base.inputSize : b.map.c;
    const groups = b.call.args.number("groups");
    if (channels % groups !== 0) {
      const message = `groupnorm(${groups}) needs a channel count divisible by ${groups}, but it receives ${channels} channels`;
      b.out.push(diagnostic("NN4021", message, b.call.call.span));
      return undefined;
    }
    return {
      ...b.base,
      kind: "groupnorm",
      outputSize: b.base.inputSize,
      outputShape: b.inputShape,
      groups,
      eps: b.call.args.number("eps"),
      affine: b.call.args.boolean("affine"),
      from: b.weightsFrom,
      channels,
      spatial: b.base.inputSize / channels,
      ...b.train,
    };
  },
  tensors: (l) => normTensors(l, [l.channels]),
  // Mean (1), variance (2), normalisation (2), scale and shift (2) per value.
  flops: (l) => 7 * l.inputSize,
  summary: (l) => `groupnorm(${l.groups})`,
  label: (l) => `${l.name}: groupnorm ${l.groups} groups of [${l.outputShape.join(", ")}]`,
  fusesRelu: () => false,
  typescript: {
    tensorView: (s, role) => `this.${member(s)}.tensors.${role}!`,
    scratch: (s, rows) => [
      { name: `xhat${s.index}`, kind: "floats", size: rows * s.layer.outputSize, doc: "normalised input, kept for backward" },
      { name: `invStd${s.index}`, kind: "floats", size: rows * s.layer.groups, doc: "1/sqrt(var + eps) per sample and group" },
    ],
    constants: () => [],
    members: (s, ctx) => {
      const l = s.layer;
      const trained = l.affine && s.trainable;
      const fields = [
        `groups: ${l.groups}`,
        `channels: ${l.channels}`,
        `spatial: ${l.spatial}`,
        `eps: ${num(l.eps)}`,
        `weight: ${l.affine ? ctx.view(`${l.name}.weight`, "values") : "null"}`,
        `bias: ${l.affine ? ctx.view(`${l.name}.bias`, "values") : "null"}`,
        `weightGrad: ${trained ? ctx.view(`${l.name}.weight`, "gradient") : "null"}`,
        `biasGrad: ${trained ? ctx.view(`${l.name}.bias`, "gradient") : "null"}`,
        `xhat: this.xhat${s.index}`,
        `invStd: this.invStd${s.index}`,
      ];
      return [{ name: member(s), type: "GroupNorm", initializer: `new GroupNorm({ ${fields.join(", ")} })`, doc: s.label }];
    },
    imports: () => ["GroupNorm"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    // The input gradient overwrites g in place.
    backward: (s) => (s.trainable || s.needsInputGrad ? [`this.${member(s)}.backward(n, g, ${s.needsInputGrad ? "g" : "null"});`] : []),
  },
  pytorch: {
    module: (l) => `nn.GroupNorm(${l.groups}, ${l.channels}, eps=${pyFloat(l.eps)}, affine=${pyBool(l.affine)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: (l, module, paths) => normPytorchInit(l, [l.channels], module, paths),
  },
};
