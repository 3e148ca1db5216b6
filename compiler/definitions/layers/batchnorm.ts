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
import {
  convBatchNormMember,
  savedInput,
  SWAP,
  type LayerBase,
  type LayerDefinition,
  type LayerTensor,
  type TrainSettings,
} from "./definition.ts";

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
  /**
   * γ starts at 0 instead of 1 (without a checkpoint): set on the last batch norm of a residual branch by
   * `residual(zero_init = true)`, so each block starts as the identity (Goyal et al. 2017).
   */
  readonly zeroInit: boolean;
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

/** γ of a zero-initialised batch norm (BatchNormLayer.zeroInit). */
const ZERO_GAMMA: InitPlan = { kind: "zeros" };

function roles(l: BatchNormLayer): readonly (typeof ROLES)[number][] {
  return l.affine ? ROLES : ROLES.slice(2);
}

/** Fused with a following ReLU only per channel: the 1-D kernels have no epilogue. */
const isSpatial = (l: BatchNormLayer): boolean => l.spatial > 1;

/** The model's field holding the step's BatchNorm (runtime/layers/batch-norm.ts). */
const member = (s: { index: number }): string => `batchNorm${s.index}`;

/**
 * BatchNorm's field of each state_dict tensor (runtime/layers/batch-norm.ts names γ and β as the paper does);
 * they are null only without affine, when the layer has no weight or bias to fill.
 */
const batchNormField = { weight: "gamma!", bias: "beta!", running_mean: "runningMean", running_var: "runningVar" } as const;

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
      zeroInit: false,
      features,
      spatial: b.base.inputSize / features,
      ...b.train,
    };
  },
  tensors: (l) => {
    const F = l.features;
    const train = { lrMult: l.lrMult, wdMult: l.wdMult, frozen: l.frozen };
    return roles(l).map((role): LayerTensor => {
      const start = role === "weight" && l.zeroInit ? ZERO_GAMMA : fresh[role];
      const init: InitPlan = l.from === undefined ? start : { kind: "from", path: l.from, tensor: `${l.name}.${role}` };
      const common = { role, shape: [F], init, fans: { fanIn: F, fanOut: F }, matrix: { rows: F, cols: 1 } };
      return role === "weight" || role === "bias" ? { ...common, buffer: "params", train } : { ...common, buffer: "stats" };
    });
  },
  flops: (l) => 4 * l.inputSize,
  summary: (l) => (isSpatial(l) ? "batchnorm2d" : "batchnorm"),
  label: (l) => (isSpatial(l) ? `${l.name}: batchnorm2d [${l.outputShape.join(", ")}]` : `${l.name}: batchnorm ${l.outputSize}`),
  fusesRelu: isSpatial,
  typescript: {
    tensorView: (s, role) => `this.${member(s)}.tensors.${batchNormField[role]}`,
    // Per channel, backward recomputes the normalised input from the layer's input (kept for backward anyway).
    scratch: (s, rows) => [
      ...(isSpatial(s.layer)
        ? []
        : [
            {
              name: `xhat${s.index}`,
              kind: "floats" as const,
              size: rows * s.layer.outputSize,
              doc: "normalised input, kept for backward",
            },
          ]),
      { name: `mean${s.index}`, kind: "floats", size: s.layer.features, doc: "batch mean" },
      { name: `invStd${s.index}`, kind: "floats", size: s.layer.features, doc: "1/sqrt(batch var + eps)" },
    ],
    constants: () => [],
    // The layer's shape, constants and tensors, as views made once: a pass then names only its input and output.
    members: (s, ctx) => {
      const l = s.layer;
      const trained = l.affine && s.trainable;
      const fields = [
        `features: ${l.features}`,
        `spatial: ${l.spatial}`,
        `momentum: ${num(l.momentum)}`,
        `eps: ${num(l.eps)}`,
        `relu: ${s.fusedRelu}`,
        `gamma: ${l.affine ? ctx.view(`${l.name}.weight`, "values") : "null"}`,
        `beta: ${l.affine ? ctx.view(`${l.name}.bias`, "values") : "null"}`,
        `runningMean: ${ctx.view(`${l.name}.running_mean`, "values")}`,
        `runningVar: ${ctx.view(`${l.name}.running_var`, "values")}`,
        `gammaGrad: ${trained ? ctx.view(`${l.name}.weight`, "gradient") : "null"}`,
        `betaGrad: ${trained ? ctx.view(`${l.name}.bias`, "gradient") : "null"}`,
        `mean: this.mean${s.index}`,
        `invStd: this.invStd${s.index}`,
        `xhat: ${isSpatial(l) ? "null" : `this.xhat${s.index}`}`,
      ];
      return [{ name: member(s), type: "BatchNorm", initializer: `new BatchNorm({ ${fields.join(", ")} })`, doc: s.label }];
    },
    imports: () => ["BatchNorm"],
    forward: (s, ctx) => [
      `if (training) {`,
      `this.${member(s)}.forwardTrain(n, ${s.input}, this.${s.output});`,
      `this.batchesTracked[${ctx.batchNormIndex(s.layer.name)}] += 1;`,
      // Folded into the convolution before it, which has already written this step's output in evaluation.
      `} else ${s.foldedInto === undefined ? "" : `if (!this.${convBatchNormMember(s.foldedInto)}.folds(n)) `}this.${member(s)}.forwardEval(n, ${s.input}, this.${s.output});`,
    ],
    backward: (s) => {
      if (!s.trainable && !s.needsInputGrad) return [];
      // Per channel the input gradient overwrites g in place; per feature it goes to o.
      const saved = `${savedInput(s)}, this.${s.output}`;
      if (isSpatial(s.layer)) return [`this.${member(s)}.backward(n, ${saved}, g, ${s.needsInputGrad ? "g" : "null"});`];
      return [`this.${member(s)}.backward(n, ${saved}, g, o);`, SWAP];
    },
  },
  pytorch: {
    module: (l) => {
      const cls = l.outputShape.length === 3 ? "nn.BatchNorm2d" : "nn.BatchNorm1d";
      return `${cls}(${l.features}, eps=${pyFloat(l.eps)}, momentum=${pyFloat(l.momentum)}, affine=${pyBool(l.affine)})`;
    },
    forward: (_, self) => `x = ${self}(x)`,
    // PyTorch's own initialisation is batch norm's fresh state; only a zero γ or a checkpoint needs statements.
    init: (l, module, paths) => {
      if (l.from === undefined) return l.zeroInit && l.affine ? [`nn.init.zeros_(${module}.weight)`] : [];
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
