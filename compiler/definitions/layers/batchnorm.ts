/**
 * Batch normalization (nn.BatchNorm1d, and nn.BatchNorm2d after a convolution): normalise with the batch's
 * statistics while training and the running ones in evaluation, then scale by γ and shift by β.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, NUMBER, opt } from "../../registry/params.ts";
import { positive, unitClosed } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat, pyStr } from "../../pytorch/literals.ts";
import type { InitPlan } from "../initializers/index.ts";
import { SWAP, type LayerBase, type LayerDefinition, type LayerTensor, type TrainSettings } from "./definition.ts";

export interface BatchNormLayer extends LayerBase, TrainSettings {
  readonly kind: "batchnorm";
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  /** Init of the affine parameters and buffers when loaded from a file; otherwise weight 1, bias 0. */
  readonly from: string | undefined;
  /** Normalised features (channels for a [C, H, W] input, then BatchNorm2d) and positions per feature (H·W, or 1). */
  readonly features: number;
  readonly spatial: number;
}

const batchnormEntry: RegistryEntry = {
  name: "batchnorm",
  confusedWith: { bn: "batch normalization is batchnorm", batchnorm1d: "batchnorm (BatchNorm1d)" },
  role: "layer",
  params: [
    opt("eps", NUMBER, 1e-5, "added to the variance for numerical stability", positive),
    opt("momentum", NUMBER, 0.1, "weight of the newest batch in the running statistics", unitClosed),
    opt("affine", BOOLEAN, true, "learn a per-feature scale γ and shift β"),
  ],
  doc: "Batch normalization: normalize each feature over the batch, then scale and shift.",
  details:
    "x̂ = (x − μ_B)/√(σ²_B + eps), y = γ·x̂ + β. Training uses the batch statistics and updates running " +
    "averages (running = (1 − momentum)·running + momentum·batch, PyTorch's convention); evaluation uses the " +
    "running averages. Makes deep nets far less sensitive to initialization and allows higher learning rates. " +
    "Usually placed between a dense layer and its nonlinearity.",
};

const batchnorm2dEntry: RegistryEntry = {
  ...batchnormEntry,
  name: "batchnorm2d",
  doc: "Batch normalization per channel of a [C, H, W] input (PyTorch nn.BatchNorm2d).",
  details:
    "x̂ = (x − μ_c)/√(σ²_c + eps), y = γ_c·x̂ + β_c with μ_c, σ²_c taken over the batch and every position " +
    "of channel c. Running statistics as PyTorch (momentum 0.1, unbiased variance in the running average). " +
    "`batchnorm` after a convolution (any [C, H, W] input) means the same thing; `batchnorm2d` also checks " +
    "that its input is spatial.",
};

const ROLES = ["weight", "bias", "running_mean", "running_var"] as const;

/** Without a checkpoint: γ = 1, β = 0 and the running statistics of an unseen distribution (mean 0, variance 1). */
const fresh: Readonly<Record<(typeof ROLES)[number], InitPlan>> = {
  weight: { kind: "constant", value: 1 },
  bias: { kind: "zeros" },
  running_mean: { kind: "zeros" },
  running_var: { kind: "constant", value: 1 },
};

function roles(l: BatchNormLayer): readonly (typeof ROLES)[number][] {
  return l.affine ? ROLES : ROLES.slice(2);
}

/** Fused with a following ReLU only per channel: the 1-D kernels have no epilogue. */
const isSpatial = (l: BatchNormLayer): boolean => l.spatial > 1;

export const batchnorm: LayerDefinition<BatchNormLayer> = {
  kind: "batchnorm",
  entries: [
    { entry: batchnormEntry, needsMap: false },
    { entry: batchnorm2dEntry, needsMap: true },
  ],
  parametric: true,
  plan: (b) => {
    // After a convolution (any [C, H, W] input) batch norm is per channel, as nn.BatchNorm2d.
    const features = b.map === undefined ? b.base.inputSize : b.map.c;
    return {
      ...b.base,
      kind: "batchnorm",
      outputSize: b.base.inputSize,
      outputShape: b.inputShape,
      eps: b.call.args.number("eps"),
      momentum: b.call.args.number("momentum"),
      affine: b.call.args.boolean("affine"),
      from: b.weightsFrom,
      features,
      spatial: b.base.inputSize / features,
      ...b.train,
    };
  },
  tensors: (l) => {
    const F = l.features;
    const train = { lrMult: l.lrMult, wdMult: l.wdMult, frozen: l.frozen };
    return roles(l).map((role): LayerTensor => {
      const init: InitPlan = l.from === undefined ? fresh[role] : { kind: "from", path: l.from, tensor: `${l.name}.${role}` };
      const common = { role, shape: [F], init, fans: { fanIn: F, fanOut: F }, matrix: { rows: F, cols: 1 } };
      return role === "weight" || role === "bias" ? { ...common, buffer: "params", train } : { ...common, buffer: "stats" };
    });
  },
  flops: (l) => 4 * l.inputSize,
  summary: (l) => (isSpatial(l) ? "batchnorm2d" : "batchnorm"),
  label: (l) => (isSpatial(l) ? `${l.name}: batchnorm2d [${l.outputShape.join(", ")}]` : `${l.name}: batchnorm ${l.outputSize}`),
  fusesRelu: isSpatial,
  typescript: {
    scratch: (s, rows) => [
      { name: `xhat${s.index}`, kind: "floats", size: rows * s.layer.outputSize, doc: "normalised input, kept for backward" },
      { name: `mean${s.index}`, kind: "floats", size: s.layer.features, doc: "batch mean" },
      { name: `invStd${s.index}`, kind: "floats", size: s.layer.features, doc: "1/sqrt(batch var + eps)" },
    ],
    constants: () => [],
    imports: (s) =>
      isSpatial(s.layer)
        ? [
            "batchNorm2dForwardTrain",
            "batchNorm2dForwardEval",
            "batchNorm2dBackward",
            ...(s.fusedRelu ? ["reluForward", "reluBackward"] : []),
          ]
        : ["batchNormForwardTrain", "batchNormForwardEval", "batchNormBackward"],
    forward: (s, ctx) => {
      const l = s.layer;
      const out = `this.${s.output}`;
      const F = l.outputSize;
      const affine = l.affine ? `P, ${ctx.offset(`${l.name}.weight`)}, P, ${ctx.offset(`${l.name}.bias`)}` : "null, 0, null, 0";
      const stats = `S, ${ctx.offset(`${l.name}.running_mean`)}, S, ${ctx.offset(`${l.name}.running_var`)}`;
      const saved = `this.mean${s.index}, 0, this.invStd${s.index}, 0, this.xhat${s.index}, 0`;
      const counter = `this.batchesTracked[${ctx.batchNormIndex(l.name)}] += 1;`;
      if (isSpatial(l)) {
        const dims = `n, ${l.features}, ${l.spatial}`;
        return [
          `if (training) {`,
          `batchNorm2dForwardTrain(${dims}, ${s.input}, 0, ${out}, 0, ${affine}, ${stats}, ${num(l.momentum)}, ${num(l.eps)}, ${saved});`,
          ...(s.fusedRelu ? [`reluForward(${out}, 0, ${out}, 0, n * ${F});`] : []),
          counter,
          `} else {`,
          `batchNorm2dForwardEval(${dims}, ${s.input}, 0, ${out}, 0, ${affine}, ${stats}, ${num(l.eps)}, ${s.fusedRelu});`,
          `}`,
        ];
      }
      return [
        `if (training) {`,
        `batchNormForwardTrain(n, ${F}, ${s.input}, 0, ${out}, 0, ${affine}, ${stats}, ${num(l.momentum)}, ${num(l.eps)}, ${saved});`,
        counter,
        `} else {`,
        `batchNormForwardEval(n, ${F}, ${s.input}, 0, ${out}, 0, ${affine}, ${stats}, ${num(l.eps)});`,
        `}`,
      ];
    },
    backward: (s, ctx) => {
      const l = s.layer;
      if (!s.trainable && !s.needsInputGrad) return [];
      const gamma = l.affine ? `P, ${ctx.offset(`${l.name}.weight`)}` : "null, 0";
      const grads =
        l.affine && s.trainable ? `G, ${ctx.offset(`${l.name}.weight`)}, G, ${ctx.offset(`${l.name}.bias`)}` : "null, 0, null, 0";
      const saved = `this.xhat${s.index}, 0, this.invStd${s.index}, 0`;
      if (isSpatial(l)) {
        const dx = s.needsInputGrad ? "g, 0" : "null, 0";
        return [
          ...(s.fusedRelu ? [`reluBackward(this.${s.output}, 0, g, 0, g, 0, n * ${l.outputSize});`] : []),
          `batchNorm2dBackward(n, ${l.features}, ${l.spatial}, g, 0, ${saved}, ${gamma}, ${dx}, ${grads}, true);`,
        ];
      }
      return [`batchNormBackward(n, ${l.outputSize}, g, 0, ${saved}, ${gamma}, o, 0, ${grads}, true);`, SWAP];
    },
  },
  pytorch: {
    module: (l) => {
      const cls = l.outputShape.length === 3 ? "nn.BatchNorm2d" : "nn.BatchNorm1d";
      return `${cls}(${l.features}, eps=${pyFloat(l.eps)}, momentum=${pyFloat(l.momentum)}, affine=${pyBool(l.affine)})`;
    },
    forward: (_, self) => `x = ${self}(x)`,
    // PyTorch's own initialisation is batch norm's fresh state; only a checkpoint needs statements.
    init: (l, module, paths) => {
      if (l.from === undefined) return [];
      const path = paths.expression(l.from);
      const lines = roles(l).map((role) => `${module}.${role}.copy_(load_tensor(${path}, ${pyStr(`${l.name}.${role}`)}, [${l.features}]))`);
      // A whole-model checkpoint also carries the batch counter (nnc loads it as a state_dict).
      if (paths.modelFrom !== undefined && l.from === paths.modelFrom) {
        lines.push(`load_batches_tracked(${module}, ${path}, ${pyStr(`${l.name}.num_batches_tracked`)})`);
      }
      return lines;
    },
  },
};
