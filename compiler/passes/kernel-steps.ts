/** Pass `kernel-steps`: one kernel call per layer, a dense/conv/batchnorm2d layer and the ReLU after it fused into one (codegen/kernel-steps.ts). */
import { lowerKernelSteps } from "../codegen/kernel-steps.ts";
import { expectStage, type Pass } from "./ir.ts";

export const kernelStepsPass: Pass = {
  name: "kernel-steps",
  summary: "lower layers to kernel steps, fusing dense/conv2d/batchnorm2d + relu into one step",
  run(input) {
    const { plan, layout } = expectStage(input, "layout", "kernel-steps");
    return { stage: "kernel-steps", plan, layout, steps: lowerKernelSteps(plan, layout) };
  },
};
