/**
 * Concatenation of two or more branches: maps [C_k, H, W] of one H and W give [ΣC_k, H, W] (channels in
 * branch order, torch.cat(dim=1)); flat inputs give their features side by side. NCHW stores a sample's
 * channels one after another, so both are the same row layout: each input's row at its offset.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import { diagnostic } from "../../diagnostics.ts";
import { noModule, SWAP, stateless, type KernelStep, type LayerBase, type LayerDefinition } from "./definition.ts";
import { mergeOperands } from "./add.ts";
import { mergeBackward, mergeShapes, shapeText } from "./merge-inputs.ts";

export interface ConcatLayer extends LayerBase {
  readonly kind: "concat";
  /** Features per row of each input, in order. */
  readonly widths: readonly number[];
}

const entry: RegistryEntry = {
  name: "concat",
  role: "layer",
  params: [],
  doc: "Its branches side by side: `concat { branch { … } branch { … } }` — channels of equal-sized maps, or features.",
  details:
    "Maps [C_k, H, W] with one H and W give [ΣC_k, H, W], channels in branch order (torch.cat(dim=1)); flat " +
    "branches give their features one after another. Every branch starts from the merge's input (an empty " +
    "`branch { }` passes it through, as an Inception or DenseNet block keeps its input). Backward hands each " +
    "branch its own slice of the gradient.",
};

/** The model's field holding the step's Concat (runtime/layers/merge.ts). */
const member = (s: KernelStep<ConcatLayer>): string => `concat${s.index}`;

export const concat: LayerDefinition<ConcatLayer> = {
  kind: "concat",
  entries: [{ entry, needsMap: false }],
  ...stateless,
  plan: (b) => {
    const shapes = mergeShapes(b, "concat");
    if (shapes === undefined) return undefined;
    const first = b.inputShape;
    const other = shapes.find((s) => s.length !== first.length || (s.length === 3 && (s[1] !== first[1] || s[2] !== first[2])));
    if (other !== undefined) {
      const what = first.length === 3 ? "maps of one height and width" : "inputs of one rank";
      const message = `\`concat\` needs ${what}, but its branches give ${shapeText(first)} and ${shapeText(other)}`;
      b.out.push(diagnostic("NN4010", message, b.call.call.span));
      return undefined;
    }
    const widths = shapes.map((s) => s.reduce((a, d) => a * d, 1));
    const total = widths.reduce((a, w) => a + w, 0);
    const channels = shapes.reduce((a, s) => a + s[0], 0);
    return {
      ...b.base,
      kind: "concat",
      outputSize: total,
      outputShape: first.length === 3 ? [channels, first[1], first[2]] : [total],
      widths,
    };
  },
  flops: () => 0,
  summary: () => "concat",
  label: (l) => `${l.name}: concat ${l.widths.join(" + ")} → ${l.outputSize}`,
  typescript: {
    scratch: () => [],
    constants: () => [],
    members: (s) => [
      { name: member(s), type: "Concat", initializer: `new Concat({ widths: [${s.layer.widths.join(", ")}] })`, doc: s.label },
    ],
    imports: () => ["Concat"],
    forward: (s) => s.inputs.map((x, k) => `this.${member(s)}.forward(n, ${k}, ${x}, this.${s.output});`),
    // Each input's gradient is its slice of every row; the one the next step reads in g goes through o.
    backward: (s) =>
      mergeBackward(
        s,
        (k, target, acc) => `this.${member(s)}.backward(n, g, ${k}, ${target}, ${acc});`,
        (k) => [`this.${member(s)}.backward(n, g, ${k}, o, false);`, SWAP],
      ),
  },
  pytorch: {
    ...noModule,
    forward: (l, _, inputs) => `x = torch.cat((${mergeOperands(l, inputs).join(", ")}), dim=1)`,
  },
};
