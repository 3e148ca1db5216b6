/**
 * Lowers the plan's layer list into kernel steps: one kernel call (or fused pair) each, with the buffers it
 * reads and writes fixed at compile time. A dense layer directly followed by ReLU becomes one step whose
 * GEMM applies the ReLU in its epilogue.
 */
import type { LayerPlan, Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";

export interface KernelStep {
  readonly layer: LayerPlan;
  readonly index: number;
  /** Buffer expression holding this unit's input rows (`x` for the first unit). */
  readonly input: string;
  /** Field name of this unit's output buffer. */
  readonly output: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Dense or conv2d followed by ReLU: the ReLU is applied in the kernel's epilogue; batch norm followed by ReLU: fused in evaluation. */
  readonly fusedRelu: boolean;
  /** Whether backward must produce the gradient with respect to this unit's input. */
  readonly needsInputGrad: boolean;
  /** Whether this unit has parameters that receive gradients. */
  readonly trainable: boolean;
  readonly label: string;
}

export function lowerKernelSteps(plan: Plan, layout: Layout): KernelStep[] {
  const units: KernelStep[] = [];
  let input = "x";
  let i = 0;
  const trainableBefore: boolean[] = [];
  // A unit needs an input gradient only if some trainable parameter sits before it.
  let seenTrainable = false;
  for (const layer of plan.layers) {
    trainableBefore.push(seenTrainable);
    if (hasParameters(layer) && !layer.frozen) seenTrainable = true;
  }
  while (i < plan.layers.length) {
    const layer = plan.layers[i];
    const next = plan.layers[i + 1];
    const fusable = layer.kind === "dense" || layer.kind === "conv2d" || (layer.kind === "batchnorm" && layer.spatial > 1);
    const fusedRelu = fusable && next !== undefined && next.kind === "activation" && next.activation.fn === "relu";
    const output = `act${units.length}`;
    const trainable = hasParameters(layer) && !layer.frozen && layout.trainable.length > 0;
    units.push({
      layer,
      index: units.length,
      input,
      output: output,
      inputSize: layer.inputSize,
      outputSize: fusedRelu ? next.outputSize : layer.outputSize,
      fusedRelu,
      needsInputGrad: trainableBefore[i],
      trainable,
      label: describe(layer) + (fusedRelu ? " + relu" : ""),
    });
    input = `this.${output}`;
    i += fusedRelu ? 2 : 1;
  }
  return units;
}

function hasParameters(layer: LayerPlan): layer is LayerPlan & { frozen: boolean } {
  return layer.kind === "dense" || layer.kind === "conv2d" || (layer.kind === "batchnorm" && layer.affine);
}

function describe(layer: LayerPlan): string {
  switch (layer.kind) {
    case "dense":
      return `${layer.name}: dense ${layer.inputSize} → ${layer.outputSize}`;
    case "batchnorm":
      return layer.spatial > 1
        ? `${layer.name}: batchnorm2d [${layer.outputShape.join(", ")}]`
        : `${layer.name}: batchnorm ${layer.outputSize}`;
    case "conv2d":
      return `${layer.name}: conv2d [${layer.in.c}, ${layer.in.h}, ${layer.in.w}] → [${layer.out.c}, ${layer.out.h}, ${layer.out.w}], kernel ${layer.kernel}`;
    case "pool":
      return `${layer.op}pool ${layer.kernel} [${layer.in.c}, ${layer.in.h}, ${layer.in.w}] → [${layer.out.c}, ${layer.out.h}, ${layer.out.w}]`;
    case "global_avgpool":
      return `global_avgpool [${layer.channels}, ${layer.spatial}] → [${layer.channels}]`;
    case "flatten":
      return `flatten → ${layer.outputSize}`;
    case "dropout2d":
      return `dropout2d p = ${layer.p}`;
    case "activation":
      return layer.activation.fn;
    case "dropout":
      return `dropout p = ${layer.p}`;
    case "maxout":
      return `maxout k = ${layer.k}`;
  }
}
