/**
 * Adaptive average pooling (nn.AdaptiveAvgPool2d): [C, H, W] → [C, out_h, out_w] whatever H and W, each output
 * cell the mean of its bin, with PyTorch's bin boundaries.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { req } from "../../registry/params.ts";
import { atLeastOne } from "../../registry/range.ts";
import { inputMap, noModule, stateless, SWAP, type LayerBase, type LayerDefinition, type MapShape } from "./definition.ts";

export interface AdaptiveAvgPoolLayer extends LayerBase {
  readonly kind: "adaptive_avgpool";
  readonly in: MapShape;
  readonly out: MapShape;
}

const entry: RegistryEntry = {
  name: "adaptive_avgpool",
  confusedWith: { adaptive_avg_pool2d: "adaptive_avgpool (AdaptiveAvgPool2d)", adaptive_pool: "adaptive_avgpool" },
  role: "layer",
  params: [req("out", { kind: "size2d" }, "output size: one integer for a square, or [h, w]", atLeastOne)],
  doc: "Adaptive average pooling to a fixed output size: [C, H, W] → [C, h, w] (PyTorch nn.AdaptiveAvgPool2d).",
  details:
    "Output cell (i, j) is the mean of input rows ⌊i·H/h⌋ … ⌈(i+1)·H/h⌉ − 1 and columns ⌊j·W/w⌋ … ⌈(j+1)·W/w⌉ − 1 " +
    "(PyTorch's bins; when h does not divide H neighbouring bins overlap). adaptive_avgpool(1) then flatten is " +
    "global_avgpool; a larger output keeps some spatial layout for the classifier whatever the input size.",
};

/** The model's field holding the step's AdaptiveAvgPool (runtime/layers/adaptive-avg-pool.ts). */
const member = (s: { index: number }): string => `adaptiveAvgPool${s.index}`;

/** `3` for a square output, `[3, 2]` otherwise: as the spec writes it. */
const sizeText = (l: AdaptiveAvgPoolLayer): string => (l.out.h === l.out.w ? `${l.out.h}` : `[${l.out.h}, ${l.out.w}]`);

export const adaptiveAvgpool: LayerDefinition<AdaptiveAvgPoolLayer> = {
  kind: "adaptive_avgpool",
  entries: [{ entry, needsMap: true }],
  ...stateless,
  plan: (b) => {
    const map = inputMap(b);
    const [h, w] = b.call.args.numbers("out");
    const out = { c: map.c, h, w };
    return { ...b.base, kind: "adaptive_avgpool", outputSize: map.c * h * w, outputShape: [map.c, h, w], in: map, out };
  },
  // Every input value is added once per bin it falls in (at most twice per side), then one division per output.
  flops: (l) => l.inputSize + l.outputSize,
  summary: (l) => `adaptive_avgpool(${sizeText(l)})`,
  label: (l) => `adaptive_avgpool [${l.in.c}, ${l.in.h}, ${l.in.w}] → [${l.out.c}, ${l.out.h}, ${l.out.w}]`,
  typescript: {
    scratch: () => [],
    constants: () => [],
    members: (s) => {
      const l = s.layer;
      const settings = `{ channels: ${l.in.c}, height: ${l.in.h}, width: ${l.in.w}, outHeight: ${l.out.h}, outWidth: ${l.out.w} }`;
      return [{ name: member(s), type: "AdaptiveAvgPool", initializer: `new AdaptiveAvgPool(${settings})`, doc: s.label }];
    },
    imports: () => ["AdaptiveAvgPool"],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => (s.needsInputGrad ? [`this.${member(s)}.backward(n, g, o);`, SWAP] : []),
  },
  pytorch: {
    ...noModule,
    forward: (l) => `x = F.adaptive_avg_pool2d(x, ${l.out.h === l.out.w ? l.out.h : `(${l.out.h}, ${l.out.w})`})`,
  },
};
