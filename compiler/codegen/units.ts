/**
 * Lowers the plan's layer list into "units": one kernel call (or fused pair) each, with the buffers it
 * reads and writes fixed at compile time. A dense layer directly followed by ReLU becomes one unit whose
 * GEMM applies the ReLU in its epilogue.
 */
import type { LayerPlan, Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";

export interface Unit {
  readonly layer: LayerPlan;
  readonly index: number;
  /** Buffer expression holding this unit's input rows (`x` for the first unit). */
  readonly input: string;
  /** Field name of this unit's output buffer. */
  readonly output: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Dense followed by ReLU: the ReLU is applied by the GEMM epilogue. */
  readonly fusedRelu: boolean;
  /** Whether backward must produce the gradient with respect to this unit's input. */
  readonly needsInputGrad: boolean;
  /** Whether this unit has parameters that receive gradients. */
  readonly trainable: boolean;
  readonly label: string;
}

export function lowerUnits(plan: Plan, layout: Layout): Unit[] {
  const units: Unit[] = [];
  let input = "x";
  let i = 0;
  const trainableBefore: boolean[] = [];
  // A unit needs an input gradient only if some trainable parameter sits before it.
  let seenTrainable = false;
  for (const layer of plan.layers) {
    trainableBefore.push(seenTrainable);
    if ((layer.kind === "dense" || (layer.kind === "batchnorm" && layer.affine)) && !layer.frozen) seenTrainable = true;
  }
  while (i < plan.layers.length) {
    const layer = plan.layers[i];
    const next = plan.layers[i + 1];
    const fusedRelu = layer.kind === "dense" && next !== undefined && next.kind === "activation" && next.activation.fn === "relu";
    const output = `act${units.length}`;
    const trainable =
      (layer.kind === "dense" || (layer.kind === "batchnorm" && layer.affine)) && !layer.frozen && layout.trainable.length > 0;
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

function describe(layer: LayerPlan): string {
  switch (layer.kind) {
    case "dense":
      return `${layer.name}: dense ${layer.inputSize} → ${layer.outputSize}`;
    case "batchnorm":
      return `${layer.name}: batchnorm ${layer.outputSize}`;
    case "activation":
      return layer.activation.fn;
    case "dropout":
      return `dropout p = ${layer.p}`;
    case "maxout":
      return `maxout k = ${layer.k}`;
  }
}
