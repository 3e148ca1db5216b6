/**
 * Lowers the plan's layer list into kernel steps: one kernel call (or fused pair) each, with the buffers it
 * reads and writes fixed at compile time. A layer whose definition fuses a following ReLU (dense, conv2d,
 * batchnorm2d) becomes one step with it: the kernel applies the ReLU in its epilogue.
 */
import type { LayerPlan, Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { isTrainable, layerOf } from "../definitions/layers/index.ts";
import type { KernelStep as Step } from "../definitions/layers/definition.ts";

/** A kernel step of one of the plan's layers. */
export type KernelStep = Step<LayerPlan>;

export function lowerKernelSteps(plan: Plan, layout: Layout): KernelStep[] {
  const steps: KernelStep[] = [];
  let input = "x";
  let i = 0;
  const trainableBefore: boolean[] = [];
  // A step needs an input gradient only if some trainable parameter sits before it.
  let seenTrainable = false;
  for (const layer of plan.layers) {
    trainableBefore.push(seenTrainable);
    if (isTrainable(layer)) seenTrainable = true;
  }
  while (i < plan.layers.length) {
    const layer = plan.layers[i];
    const next = plan.layers[i + 1];
    const definition = layerOf(layer);
    const fusedRelu = definition.fusesRelu(layer) && next !== undefined && next.kind === "activation" && next.activation.fn === "relu";
    const output = `act${steps.length}`;
    steps.push({
      layer,
      index: steps.length,
      input,
      output,
      inputSize: layer.inputSize,
      outputSize: fusedRelu ? next.outputSize : layer.outputSize,
      fusedRelu,
      needsInputGrad: trainableBefore[i],
      trainable: isTrainable(layer) && layout.trainable.length > 0,
      label: definition.label(layer) + (fusedRelu ? " + relu" : ""),
    });
    input = `this.${output}`;
    i += fusedRelu ? 2 : 1;
  }
  return steps;
}
