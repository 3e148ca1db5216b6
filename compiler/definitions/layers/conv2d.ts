/** 2-D convolution over NCHW feature maps (nn.Conv2d), with stride, padding, dilation and groups. */
import type { RegistryEntry } from "../../registry/types.ts";
import { BOOLEAN, INTEGER, opt, req } from "../../registry/params.ts";
import { atLeastOne, nonNegative } from "../../registry/range.ts";
import { diagnostic } from "../../diagnostics.ts";
import { commentText, num } from "../../codegen/literals.ts";
import { pyBool } from "../../pytorch/literals.ts";
import { asDistribution, type InitPlan } from "../initializers/index.ts";
import type {
  EmitContext,
  Fans,
  FoldedBatchNorm,
  KernelStep,
  LayerBase,
  LayerDefinition,
  LayerMember,
  MapShape,
  TrainSettings,
} from "./definition.ts";
import { convBatchNormMember, inputMap, savedInput, SWAP, windowOutput } from "./definition.ts";
import { pytorchWeightInit } from "./weights.ts";

export interface Conv2dLayer extends LayerBase, TrainSettings {
  readonly kind: "conv2d";
  readonly in: MapShape;
  readonly out: MapShape;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly groups: number;
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
}

const entry: RegistryEntry = {
  name: "conv2d",
  confusedWith: { convolution: "conv2d", conv2: "conv2d" },
  aliases: ["conv"],
  role: "layer",
  params: [
    req("filters", INTEGER, "number of output channels", atLeastOne),
    req("kernel", INTEGER, "side of the square kernel", atLeastOne),
    opt("stride", INTEGER, 1, "step between neighbouring windows", atLeastOne),
    opt("padding", INTEGER, 0, "zeros added on every side of the input", nonNegative),
    opt("dilation", INTEGER, 1, "spacing between kernel taps", atLeastOne),
    opt("groups", INTEGER, 1, "split input and output channels into this many independent groups", atLeastOne),
    opt("bias", BOOLEAN, true, "add a learned bias per output channel"),
  ],
  doc: "2-D convolution over [channels, height, width] (PyTorch nn.Conv2d, NCHW).",
  details:
    "y[o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v] · x[g·C/groups + c, i·stride − padding + u·dilation, j·stride − padding + v·dilation]. " +
    "Weight shape [filters, in/groups, kernel, kernel]. Output side = ⌊(in + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1. " +
    "Parameters: filters·in/groups·kernel² + filters; forward cost 2·(in/groups)·kernel² FLOPs per output value. " +
    "Shares one small filter across all positions, so it learns local, translation-equivariant features with few parameters.",
};

/** PyTorch's fans of a conv weight [O, C/groups, k, k]: fan_in = C/groups·k², fan_out = O·k². */
function fans(l: Conv2dLayer): Fans {
  const area = l.kernel * l.kernel;
  return { fanIn: (l.in.c / l.groups) * area, fanOut: l.out.c * area };
}

const weightShape = (l: Conv2dLayer): number[] => [l.out.c, l.in.c / l.groups, l.kernel, l.kernel];
const geometry = (s: { index: number }): string => `GEOMETRY_${s.index}`;
/** The model's field holding the step's Conv2d (runtime/layers/conv2d.ts). */
const member = (s: { index: number }): string => `conv${s.index}`;
/** The step's ConvBatchNorm (runtime/layers/conv-batch-norm.ts) and its buffers, when it folds a batch norm. */
const foldedName = (s: { index: number }): string => convBatchNormMember(s.index);
const foldedWeight = (s: { index: number }): string => `foldedWeight${s.index}`;
const foldedBias = (s: { index: number }): string => `foldedBias${s.index}`;

function foldedMember(s: KernelStep<Conv2dLayer>, bn: FoldedBatchNorm, ctx: EmitContext): LayerMember {
  const fields = [
    `eps: ${num(bn.eps)}`,
    `relu: ${bn.relu}`,
    `gamma: ${bn.affine ? ctx.view(`${bn.name}.weight`, "values") : "null"}`,
    `beta: ${bn.affine ? ctx.view(`${bn.name}.bias`, "values") : "null"}`,
    `runningMean: ${ctx.view(`${bn.name}.running_mean`, "values")}`,
    `runningVar: ${ctx.view(`${bn.name}.running_var`, "values")}`,
    `weight: this.${foldedWeight(s)}`,
    `bias: this.${foldedBias(s)}`,
  ];
  const initializer = `new ConvBatchNorm(this.${member(s)}, { ${fields.join(", ")} })`;
  return { name: foldedName(s), type: "ConvBatchNorm", initializer, doc: `${s.label}, with ${bn.name} folded in for evaluation` };
}

export const conv2d: LayerDefinition<Conv2dLayer> = {
  kind: "conv2d",
  entries: [{ entry, needsMap: true }],
  parametric: true,
  plan: (b) => {
    const map = inputMap(b);
    const args = b.call.args;
    const filters = args.number("filters");
    const kernel = args.number("kernel");
    const stride = args.number("stride");
    const padding = args.number("padding");
    const dilation = args.number("dilation");
    const groups = args.number("groups");
    const span = b.call.call.span;
    if (map.c % groups !== 0 || filters % groups !== 0) {
      const message = `conv2d groups = ${groups} must divide both the input channels (${map.c}) and the filters (${filters})`;
      b.out.push(diagnostic("NN4012", message, span));
      return undefined;
    }
    const h = windowOutput(map.h, kernel, stride, padding, dilation);
    const w = windowOutput(map.w, kernel, stride, padding, dilation);
    if (h < 1 || w < 1) {
      const reach = dilation * (kernel - 1) + 1;
      const dilated = dilation > 1 ? ` (dilation ${dilation}, reach ${reach})` : "";
      b.out.push(
        diagnostic("NN4013", `conv2d kernel ${kernel}${dilated} does not fit the ${map.h}×${map.w} input with padding ${padding}`, span),
      );
      return undefined;
    }
    return {
      ...b.base,
      kind: "conv2d",
      outputSize: filters * h * w,
      outputShape: [filters, h, w],
      in: map,
      out: { c: filters, h, w },
      kernel,
      stride,
      padding,
      dilation,
      groups,
      bias: args.boolean("bias"),
      weightInit: b.weightInit(),
      biasInit: b.biasInit(),
      ...b.train,
    };
  },
  tensors: (l) => {
    const f = fans(l);
    const train = { lrMult: l.lrMult, wdMult: l.wdMult, frozen: l.frozen };
    // The runtime's fan-scaled initializers fill a fanOut × fanIn matrix, which a conv weight is not.
    const weightInit = asDistribution(l.weightInit, f);
    return [
      {
        role: "weight",
        shape: weightShape(l),
        buffer: "params",
        init: weightInit,
        fans: f,
        matrix: { rows: l.out.c, cols: f.fanIn },
        train,
      },
      ...(l.bias
        ? [
            {
              role: "bias",
              shape: [l.out.c],
              buffer: "params",
              init: l.biasInit,
              fans: f,
              matrix: { rows: l.out.c, cols: 1 },
              train,
            } as const,
          ]
        : []),
    ];
  },
  flops: (l) => 2 * fans(l).fanIn * l.outputSize,
  summary: (l) => {
    const extra = [
      l.stride !== 1 ? `stride = ${l.stride}` : "",
      l.padding !== 0 ? `padding = ${l.padding}` : "",
      l.dilation !== 1 ? `dilation = ${l.dilation}` : "",
      l.groups !== 1 ? `groups = ${l.groups}` : "",
      l.bias ? "" : "bias = false",
    ].filter((t) => t !== "");
    return `conv2d(${[l.out.c, l.kernel, ...extra].join(", ")})`;
  },
  label: (l) => `${l.name}: conv2d [${l.in.c}, ${l.in.h}, ${l.in.w}] → [${l.out.c}, ${l.out.h}, ${l.out.w}], kernel ${l.kernel}`,
  fusesRelu: () => true,
  typescript: {
    // The object's fields carry PyTorch's names; `bias` is null only for a layer without one, which has no bias to fill.
    tensorView: (s, role) => `this.${member(s)}.tensors.${role === "bias" ? "bias!" : role}`,
    // A convolution folding its batch norm in evaluation keeps the folded weight and bias here (never saved).
    scratch: (s) => {
      const bn = s.foldsBatchNorm;
      if (bn === undefined) return [];
      const weights = weightShape(s.layer).reduce((a, b) => a * b, 1);
      return [
        { name: foldedWeight(s), kind: "floats", size: weights, doc: `${s.layer.name}.weight with ${bn.name} folded in (evaluation)` },
        { name: foldedBias(s), kind: "floats", size: s.layer.out.c, doc: `${s.layer.name}'s bias with ${bn.name} folded in (evaluation)` },
      ];
    },
    // The geometry and the tensors, as views made once: forward and backward then name only what changes per call.
    members: (s, ctx) => {
      const l = s.layer;
      const fields = [
        `geometry: ${geometry(s)}`,
        `relu: ${s.fusedRelu}`,
        `weight: ${ctx.view(`${l.name}.weight`, "values")}`,
        `bias: ${l.bias ? ctx.view(`${l.name}.bias`, "values") : "null"}`,
        `weightGrad: ${s.trainable ? ctx.view(`${l.name}.weight`, "gradient") : "null"}`,
        `biasGrad: ${s.trainable && l.bias ? ctx.view(`${l.name}.bias`, "gradient") : "null"}`,
      ];
      const conv: LayerMember = { name: member(s), type: "Conv2d", initializer: `new Conv2d({ ${fields.join(", ")} })`, doc: s.label };
      return s.foldsBatchNorm === undefined ? [conv] : [conv, foldedMember(s, s.foldsBatchNorm, ctx)];
    },
    constants: (s) => {
      const l = s.layer;
      const g = {
        C: l.in.c,
        H: l.in.h,
        W: l.in.w,
        O: l.out.c,
        OH: l.out.h,
        OW: l.out.w,
        k: l.kernel,
        stride: l.stride,
        pad: l.padding,
        dil: l.dilation,
        groups: l.groups,
      };
      return [`/** ${commentText(s.label)} */\nconst ${geometry(s)}: ConvGeometry = ${JSON.stringify(g).replace(/"/g, "")};`];
    },
    imports: () => ["Conv2d", "type ConvGeometry", "ConvBatchNorm"],
    forward: (s) => {
      const bn = s.foldsBatchNorm;
      const plain = `this.${member(s)}.forward(n, ${s.input}, this.${s.output});`;
      if (bn === undefined) return [plain];
      return [
        `// In evaluation, when it pays for n rows, ${bn.name} is folded into this convolution, which then writes ${bn.name}'s output.`,
        `if (!training && this.${foldedName(s)}.folds(n)) this.${foldedName(s)}.forward(n, ${s.input}, this.${bn.output});`,
        `else ${plain}`,
      ];
    },
    backward: (s) => {
      // A frozen step with nothing trainable before it has no gradient to compute (not even its ReLU mask).
      if (!s.trainable && !s.needsInputGrad) return [];
      const dx = s.needsInputGrad ? "o" : "null";
      return [`this.${member(s)}.backward(n, ${savedInput(s)}, this.${s.output}, g, ${dx});`, ...(s.needsInputGrad ? [SWAP] : [])];
    },
  },
  pytorch: {
    module: (l) =>
      `nn.Conv2d(${l.in.c}, ${l.out.c}, kernel_size=${l.kernel}, stride=${l.stride}, padding=${l.padding}, ` +
      `dilation=${l.dilation}, groups=${l.groups}, bias=${pyBool(l.bias)})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: (l, module, paths) => pytorchWeightInit(l, module, fans(l), weightShape(l), paths),
  },
};
