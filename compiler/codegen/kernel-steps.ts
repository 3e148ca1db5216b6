/**
 * Lowers the plan's layer graph into kernel steps: one kernel call (or fused pair) each, in the plan's
 * topological order, with the buffers it reads and writes fixed at compile time. A step reads its
 * producers' output buffers (`this.act3`, or the model input `x`); a merge reads several. A layer whose
 * definition fuses a following ReLU (dense, conv2d, batchnorm2d) becomes one step with it when that ReLU is
 * the layer's only reader and comes right after it: the kernel applies the ReLU in its epilogue.
 *
 * Backward runs the steps in reverse and hands gradients along in `g` (emit-layers.ts). A value whose
 * gradient cannot simply stay in `g` — it has several readers, or its reader is not the next step — gets an
 * accumulation buffer (`gradAct3`): each reader's contribution is copied into it (the first, in backward
 * order, fixed here) or added (the later ones), and its producer copies it into `g` before its own backward.
 * When the last contribution comes from the step right after the producer (a residual block's first
 * convolution, whose input the shortcut also reads), that step adds the buffer into `g` instead: the same
 * sum (addition commutes, so the same bits) with one pass over the values fewer. A producer whose backward can add
 * the buffer in its own first pass (a residual merge, whose sum, ReLU mask and hand-over to its shortcut become one
 * pass) does so, and that step leaves its share alone in `g`.
 */
import type { LayerPlan, Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { isTrainable, layerOf } from "../definitions/layers/index.ts";
import type { KernelStep as Step } from "../definitions/layers/definition.ts";
import type { InputGradient } from "../definitions/layers/input-gradient.ts";
import { foldBatchNorms } from "./fold-batchnorm.ts";

/** A kernel step of one of the plan's layers. */
export type KernelStep = Step<LayerPlan>;

/** One step's layers before the buffers are planned: the layer, and whether the ReLU after it runs in its kernel. */
interface Group {
  readonly layer: number;
  readonly fusedRelu: boolean;
}

export function lowerKernelSteps(plan: Plan, layout: Layout): KernelStep[] {
  const layers = plan.layers;
  const readers = layers.map(() => 0);
  for (const l of layers) for (const j of l.inputs) if (j >= 0) readers[j]++;
  const groups: Group[] = [];
  /** The step whose output holds layer i's value (a fused ReLU's value is its producer's step's output). */
  const stepOf: number[] = [];
  for (let i = 0; i < layers.length; i++) {
    const next = layers[i + 1];
    const fusedRelu =
      layerOf(layers[i]).fusesRelu(layers[i]) &&
      next !== undefined &&
      next.kind === "activation" &&
      next.activation.fn === "relu" &&
      readers[i] === 1 &&
      next.inputs.length === 1 &&
      next.inputs[0] === i;
    stepOf[i] = groups.length;
    if (fusedRelu) stepOf[i + 1] = groups.length;
    groups.push({ layer: i, fusedRelu });
    if (fusedRelu) i++;
  }
  const inputSteps = groups.map((g) => layers[g.layer].inputs.map((j) => (j < 0 ? -1 : stepOf[j])));
  // A value needs a gradient iff a trainable layer produced it or is upstream of it (graph ancestry, not list order).
  const gradNeeded: boolean[] = [];
  const needsInputGrad = inputSteps.map((from, s) => {
    const needs = from.some((p) => p >= 0 && gradNeeded[p]);
    gradNeeded.push(needs || isTrainable(layers[groups[s].layer]));
    return needs;
  });
  const output = (s: number) => `act${s}`;
  const gradientBuffer = (s: number) => `gradAct${s}`;
  const sizeOf = (p: number) => (p < 0 ? plan.inputSize : stepOutputSize(layers, groups[p]));
  // Every read of a value: (reader step, input slot), in step order.
  const reads = groups.map((): { step: number; slot: number }[] => []);
  inputSteps.forEach((from, s) => from.forEach((p, slot) => p >= 0 && reads[p].push({ step: s, slot })));
  const direct = reads.map((r, p) => r.length === 1 && r[0].step === p + 1);
  // The sum ends in g at the next step when that step, reading only this value, is the last to contribute.
  const endsInG = reads.map((r, p) => r.length > 1 && r.some((x) => x.step === p + 1) && inputSteps[p + 1].length === 1);
  const planned: InputGradient[][] = inputSteps.map((from, s) =>
    from.map((p, slot): InputGradient => {
      if (p < 0 || !gradNeeded[p]) return { to: "none" };
      if (direct[p]) return { to: "g" };
      // Backward meets readers last step first and a merge's inputs in order: the first contribution copies.
      const first = reads[p].reduce((a, r) => (r.step > a.step || (r.step === a.step && r.slot < a.slot) ? r : a));
      const accumulate = first.step !== s || first.slot !== slot;
      return { to: "buffer", buffer: gradientBuffer(p), accumulate, final: endsInG[p] && s === p + 1, producerAdds: false };
    }),
  );
  // A producer that adds its output's buffer to g itself (a residual merge) lets the final contribution stay alone in g.
  const addsOutputGrad = groups.map(
    (g, p) => gradNeeded[p] && endsInG[p] && layerOf(layers[g.layer]).addsOutputGrad?.(layers[g.layer], planned[p]) === true,
  );
  const inputGrads = planned.map((grads, s) =>
    grads.map((d, slot): InputGradient =>
      d.to === "buffer" && d.final && addsOutputGrad[inputSteps[s][slot]] ? { ...d, producerAdds: true } : d,
    ),
  );
  const steps = groups.map((g, s): KernelStep => {
    const layer = layers[g.layer];
    const definition = layerOf(layer);
    const inputs = inputSteps[s].map((p) => (p < 0 ? "x" : `this.${output(p)}`));
    return {
      layer,
      index: s,
      input: inputs[0],
      inputs,
      inputSteps: inputSteps[s],
      inputSizes: inputSteps[s].map(sizeOf),
      inputGrads: inputGrads[s],
      outputGrad: gradNeeded[s] && !direct[s] && reads[s].length > 0 ? gradientBuffer(s) : undefined,
      outputGradInG: gradNeeded[s] && endsInG[s],
      addsOutputGrad: addsOutputGrad[s],
      output: output(s),
      inputSize: layer.inputSize,
      outputSize: sizeOf(s),
      fusedRelu: g.fusedRelu,
      needsInputGrad: needsInputGrad[s],
      trainable: isTrainable(layer) && layout.trainable.length > 0,
      label: definition.label(layer) + (g.fusedRelu ? " + relu" : ""),
    };
  });
  return foldBatchNorms(steps);
}

function stepOutputSize(layers: readonly LayerPlan[], g: Group): number {
  return layers[g.layer + (g.fusedRelu ? 1 : 0)].outputSize;
}
