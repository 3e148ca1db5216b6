/*
 * The kernels generated code calls (exported from nnc/runtime). Those with a WebAssembly SIMD version come
 * from this folder, which picks SIMD or the reference per call; the rest are runtime/kernels/'s reference
 * loops, which import nothing from runtime/wasm/.
 */
export { matmulNT, matmulNN, matmulTN } from "./gemm.ts";
export { biasGrad } from "../kernels/gemm.ts";
export { reluForward, reluBackward } from "./activations.ts";
export { addInto, copyInto } from "./merge.ts";
export {
  leakyReluForward,
  leakyReluBackward,
  eluForward,
  eluBackward,
  geluForward,
  geluBackward,
  sigmoidForward,
  sigmoidBackward,
  tanhForward,
  tanhBackward,
  softmaxForward,
  softmaxBackward,
  maxoutForward,
  maxoutBackward,
} from "../kernels/activations.ts";
export { dropoutForward, dropoutBackward } from "./dropout.ts";
export { batchNormForwardTrain, batchNormForwardEval, batchNormBackward } from "../kernels/batchnorm.ts";
export { softmaxCrossEntropy, softmaxCrossEntropySoft, hingeLoss, mseLoss, countCorrect, countTopK } from "../kernels/losses.ts";
export { l2Penalty, l1Penalty, gradSquaredNorm, maxNormRows } from "../kernels/regularizers.ts";
export { erf } from "../kernels/erf.ts";
export { conv2dForward, conv2dBackward, im2col, col2im } from "./conv.ts";
export type { ConvGeometry } from "../kernels/conv.ts";
export { maxPoolForward, maxPoolBackward } from "./pool.ts";
export { avgPoolForward, avgPoolBackward, globalAvgPoolForward, globalAvgPoolBackward, type PoolGeometry } from "../kernels/pool.ts";
export { batchNorm2dForwardTrain, batchNorm2dForwardEval, batchNorm2dBackward } from "./batchnorm2d.ts";
export { dropout2dForward, dropout2dBackward } from "../kernels/dropout2d.ts";
export { perturbWeights, restoreWeights, gradientNoiseStd, addGradientNoise, type NormalSource } from "../kernels/noise.ts";
