/**
 * weight_noise's members: the buffer that keeps the noise-free weights while a training batch runs at
 * perturbed ones, and perturbWeights/restoreWeights, which the training loop calls around the batch's
 * forward and backward pass (the code itself comes from ../emit-noise.ts; gradient noise is a few
 * lines of update(), see first-order.ts).
 */
import type { NoiseCode } from "../emit-noise.ts";
import { PRIVATE, type ModuleBuilder } from "./builder.ts";

export function addWeightNoise(b: ModuleBuilder, noise: NoiseCode): void {
  b.imports.use(...noise.imports);
  if (noise.perturbBody === undefined || noise.restoreBody === undefined) return;
  b.properties.push({
    name: "weightNoiseSaved",
    isReadonly: true,
    scope: PRIVATE,
    type: "FloatArray",
    docs: ["The noise-free weights while a training step runs at perturbed ones (weight_noise)."],
  });
  b.constructorLines.push(`this.weightNoiseSaved = arena.floats(PRECISION, replica ? 0 : ${noise.savedSize});`);
  b.methods.push({
    name: "perturbWeights",
    docs: [
      "weight_noise: saves the weights and adds fresh N(0, std²) noise to them; the training loop calls it before a batch's lossAndGradient.",
    ],
    returnType: "void",
    body: noise.perturbBody,
  });
  b.methods.push({
    name: "restoreWeights",
    docs: ["weight_noise: puts back the weights perturbWeights saved, before the update (the noise is not kept)."],
    returnType: "void",
    body: noise.restoreBody,
  });
}
