/** 2-D max and average pooling (nn.MaxPool2d, nn.AvgPool2d): one window reduction per channel. */
import type { RegistryEntry } from "../../registry/types.ts";
import { INTEGER, opt, req } from "../../registry/params.ts";
import { atLeastOne, nonNegative } from "../../registry/range.ts";
import { diagnostic } from "../../diagnostics.ts";
import { commentText } from "../../codegen/literals.ts";
import {
  inputMap,
  stateless,
  SWAP,
  windowOutput,
  type KernelStep,
  type LayerBase,
  type LayerDefinition,
  type MapShape,
} from "./definition.ts";

export interface PoolLayer extends LayerBase {
  readonly kind: "pool";
  readonly op: "max" | "avg";
  readonly in: MapShape;
  readonly out: MapShape;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
}

const maxpoolEntry: RegistryEntry = {
  name: "maxpool",
  confusedWith: { pool: "maxpool or avgpool", max_pool2d: "maxpool (MaxPool2d)", pooling: "maxpool or avgpool" },
  role: "layer",
  params: [
    req("kernel", INTEGER, "side of the square window", atLeastOne),
    opt("stride", INTEGER, undefined, "step between windows (default: the kernel size)", atLeastOne),
    opt("padding", INTEGER, 0, "implicit −∞ padding on every side (at most half the kernel)", nonNegative),
  ],
  doc: "2-D max pooling: the maximum of each window, per channel (PyTorch nn.MaxPool2d).",
  details:
    "y[c, i, j] = max_{u, v} x[c, i·stride − padding + u, j·stride − padding + v]. Output side = " +
    "⌊(in + 2·padding − kernel)/stride⌋ + 1. The gradient flows only to the winning input of each window. " +
    "Halving the resolution with maxpool(2) after a conv block is the classic recipe.",
};

const avgpoolEntry: RegistryEntry = {
  name: "avgpool",
  confusedWith: { pool: "maxpool or avgpool", pooling: "maxpool or avgpool", avg_pool2d: "avgpool (AvgPool2d)" },
  role: "layer",
  params: [
    req("kernel", INTEGER, "side of the square window", atLeastOne),
    opt("stride", INTEGER, undefined, "step between windows (default: the kernel size)", atLeastOne),
    opt("padding", INTEGER, 0, "zero padding on every side (at most half the kernel)", nonNegative),
  ],
  doc: "2-D average pooling: the mean of each window, per channel (PyTorch nn.AvgPool2d).",
  details:
    "y[c, i, j] = Σ_{u, v} x[c, i·stride − padding + u, j·stride − padding + v] / kernel². Padded zeros count " +
    "in the mean (PyTorch's count_include_pad = True). Output side = ⌊(in + 2·padding − kernel)/stride⌋ + 1.",
};

const geometry = (s: KernelStep): string => `GEOMETRY_${s.index}`;
/** The model's field holding the step's Pool2d (runtime/layers/pool2d.ts). */
const member = (s: KernelStep<PoolLayer>): string => `${s.layer.op}Pool${s.index}`;

export const pool: LayerDefinition<PoolLayer> = {
  kind: "pool",
  entries: [
    { entry: maxpoolEntry, needsMap: true },
    { entry: avgpoolEntry, needsMap: true },
  ],
  ...stateless,
  plan: (b) => {
    const map = inputMap(b);
    const name = b.call.entry.name;
    const kernel = b.call.args.number("kernel");
    const stride = b.call.args.optional.number("stride") ?? kernel;
    const padding = b.call.args.number("padding");
    const span = b.call.call.span;
    if (2 * padding > kernel) {
      b.out.push(diagnostic("NN4013", `${name} padding ${padding} must be at most half the kernel (${kernel})`, span));
      return undefined;
    }
    const h = windowOutput(map.h, kernel, stride, padding, 1);
    const w = windowOutput(map.w, kernel, stride, padding, 1);
    if (h < 1 || w < 1) {
      b.out.push(diagnostic("NN4013", `${name} kernel ${kernel} does not fit the ${map.h}×${map.w} input with padding ${padding}`, span));
      return undefined;
    }
    const op = name === "maxpool" ? "max" : "avg";
    const out = { c: map.c, h, w };
    return { ...b.base, kind: "pool", op, outputSize: map.c * h * w, outputShape: [map.c, h, w], in: map, out, kernel, stride, padding };
  },
  flops: (l) => l.outputSize * l.kernel * l.kernel,
  summary: (l) =>
    `${l.op}pool(${l.kernel}${l.stride !== l.kernel ? `, stride = ${l.stride}` : ""}${l.padding !== 0 ? `, padding = ${l.padding}` : ""})`,
  label: (l) => `${l.op}pool ${l.kernel} [${l.in.c}, ${l.in.h}, ${l.in.w}] → [${l.out.c}, ${l.out.h}, ${l.out.w}]`,
  typescript: {
    scratch: (s, rows) =>
      s.layer.op === "max"
        ? [{ name: `argmax${s.index}`, kind: "ints", size: rows * s.layer.outputSize, doc: "winning input of each pooling window" }]
        : [],
    // The geometry and, for max pooling, the winners' buffer: a pass then names only its input and output.
    members: (s) => {
      const l = s.layer;
      const argmax = l.op === "max" ? `this.argmax${s.index}` : "null";
      const settings = `{ op: "${l.op}", geometry: ${geometry(s)}, argmax: ${argmax} }`;
      return [{ name: member(s), type: "Pool2d", initializer: `new Pool2d(${settings})`, doc: s.label }];
    },
    constants: (s) => {
      const l = s.layer;
      const g = { C: l.in.c, H: l.in.h, W: l.in.w, OH: l.out.h, OW: l.out.w, k: l.kernel, stride: l.stride, pad: l.padding };
      return [`/** ${commentText(s.label)} */\nconst ${geometry(s)}: PoolGeometry = ${JSON.stringify(g).replace(/"/g, "")};`];
    },
    imports: () => ["Pool2d", "type PoolGeometry"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g, o);`, SWAP] : []),
  },
  pytorch: {
    module: (l) => `nn.${l.op === "max" ? "MaxPool2d" : "AvgPool2d"}(kernel_size=${l.kernel}, stride=${l.stride}, padding=${l.padding})`,
    forward: (_, self) => `x = ${self}(x)`,
    init: () => [],
  },
};
