/** What dense and conv2d share: a weight with an optional bias, initialised by the spec's initializers. */
import { pytorchInit, type InitPlan } from "../initializers/index.ts";
import type { Fans, PyTorchInitPaths } from "./definition.ts";

export interface WeightAndBias {
  readonly bias: boolean;
  readonly weightInit: InitPlan;
  readonly biasInit: InitPlan;
}

/** init_parameters() lines for `module.weight` (of `weightShape`) and `module.bias`; PyTorch's defaults need none. */
export function pytorchWeightInit(
  plan: WeightAndBias,
  module: string,
  fans: Fans,
  weightShape: readonly number[],
  paths: PyTorchInitPaths,
): string[] {
  const expression = (path: string) => paths.expression(path);
  const lines: string[] = [];
  const weight = pytorchInit(plan.weightInit, { ref: `${module}.weight`, isWeight: true, fans, shape: weightShape, expression });
  if (weight !== undefined) lines.push(weight);
  if (plan.bias) {
    const bias = pytorchInit(plan.biasInit, { ref: `${module}.bias`, isWeight: false, fans, shape: [weightShape[0]], expression });
    if (bias !== undefined) lines.push(bias);
  }
  return lines;
}
