/**
 * Forward and backward code of each kernel step, side by side, from its layer's definition
 * (compiler/definitions/layers). Every offset and size is a literal; `n` is the number of rows in the
 * batch. Backward passes the gradient between two ping-pong buffers (`gradA`, `gradB`); elementwise
 * layers work in place. In a graph model, a value read by several steps (or by a merge not right after it)
 * collects its gradient in an accumulation buffer (kernel-steps.ts), which its producer copies into `g`.
 */
import type { Layout } from "./layout.ts";
import { slotOf } from "./layout.ts";
import { commentText } from "./literals.ts";
import type { KernelStep } from "./kernel-steps.ts";
import { layerOf } from "../definitions/layers/index.ts";
import { refersTo } from "./model/locals.ts";
import type { BufferField, EmitContext, LayerMember } from "../definitions/layers/definition.ts";

export type { BufferField };

/** Every step's buffers, in step order (the order the constructor allocates them). */
export function emitLayersFields(steps: readonly KernelStep[], maxBatch: number): BufferField[] {
  const out: BufferField[] = [];
  for (const s of steps) for (const f of stepFields(s, maxBatch)) out.push(f);
  return out;
}

/** A step's output buffer, then its scratch (dropout masks, batch-norm saves, argmax indices). */
export function stepFields(step: KernelStep, maxBatch: number): BufferField[] {
  const output: BufferField = { name: step.output, kind: "floats", size: maxBatch * step.outputSize, doc: `output of ${step.label}` };
  return [output, ...layerOf(step.layer).typescript.scratch(step, maxBatch)];
}

/** Module-level declarations a step needs: the fixed geometry of a convolution or pooling window. */
export function stepConstants(step: KernelStep): string {
  return layerOf(step.layer).typescript.constants(step).join("\n");
}

/** The runtime functions a step's code calls, for the import list. */
export function stepImports(step: KernelStep): string[] {
  return [...layerOf(step.layer).typescript.imports(step), "copyInto", "addInto"];
}

function emitContext(layout: Layout, dropoutRate: () => string): EmitContext {
  return {
    offset: (name) => {
      const slot = slotOf(layout, name);
      if (slot === undefined) throw new Error(`internal: no tensor ${name} in the layout`);
      return slot.offset;
    },
    batchNormIndex: (layer) => layout.batchNorms.indexOf(layer),
    dropoutRate,
    view: (name, of) => {
      const slot = slotOf(layout, name);
      if (slot === undefined) throw new Error(`internal: no tensor ${name} in the layout`);
      const buffer = of === "gradient" ? "grads" : slot.buffer;
      return `this.${buffer}.subarray(${slot.offset}, ${slot.offset + slot.size})`;
    },
  };
}

/** The objects the model's constructor builds for a step, after every buffer: a layer's tensors as views. */
export function stepMembers(step: KernelStep, layout: Layout): readonly LayerMember[] {
  return layerOf(step.layer).typescript.members(
    step,
    emitContext(layout, () => "0"),
  );
}

/** Statements of `forward(x, n, training)` for one step. `dropoutRate` gives the run-time dropout rate when scheduled. */
export function emitForward(step: KernelStep, layout: Layout, dropoutRate: (step: KernelStep) => string): string {
  const lines = layerOf(step.layer).typescript.forward(
    step,
    emitContext(layout, () => dropoutRate(step)),
  );
  return [`// ${commentText(step.label)}`, ...lines].join("\n");
}

/**
 * Statements of backward for one step. On entry the gradient w.r.t. the step's output is in `g` (copied in
 * from its accumulation buffer when it has one and the next step did not already sum it into `g`); the
 * layer's code leaves the gradient w.r.t. its input in `g` (swapping `g` and `o` when it needs a second
 * buffer), which is then copied or added into the input's accumulation buffer when that is where it goes,
 * or, as the last contribution right before the producer, the buffer is added into `g` (kernel-steps.ts), unless
 * the producer adds it itself (InputGradient `producerAdds`).
 * A merge hands each input its gradient itself. Empty when the step has nothing to do.
 */
export function emitBackward(step: KernelStep, layout: Layout): string {
  const own = layerOf(step.layer).typescript.backward(
    step,
    emitContext(layout, () => "0"),
  );
  const needed = step.trainable || step.needsInputGrad;
  const copyIn =
    step.outputGrad !== undefined && !step.outputGradInG && needed
      ? [`copyInto(this.${step.outputGrad}, 0, g, 0, n * ${step.outputSize});`]
      : [];
  const d = step.inputGrads[0];
  const size = `n * ${step.inputSizes[0]}`;
  const deliver =
    step.inputs.length !== 1 || d.to !== "buffer" || (d.final && d.producerAdds)
      ? []
      : d.final
        ? [`addInto(this.${d.buffer}, 0, g, 0, ${size});`]
        : [`${d.accumulate ? "addInto" : "copyInto"}(g, 0, this.${d.buffer}, 0, ${size});`];
  const lines = [...copyIn, ...own, ...deliver];
  if (lines.length === 0) return "";
  return [`// ${commentText(step.label)}`, ...lines].join("\n");
}

/**
 * What the backward pass reads besides `gradA` and each step's own buffers: the second ping-pong buffer
 * `gradB` (`o`, where a step writes its input gradient out of place) and the batch of the last forward pass
 * (`this.input`, which the first step's weight gradient reads). A model that trains only its last layers
 * (a frozen backbone) reads neither, so it allocates and declares neither.
 */
export function backwardReads(steps: readonly KernelStep[], layout: Layout): { readonly gradB: boolean; readonly input: boolean } {
  const code = steps.map((s) => emitBackward(s, layout)).join("\n");
  return { gradB: refersTo(code, "o"), input: /\bthis\.input\b/.test(code) };
}
