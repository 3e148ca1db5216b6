export { matmulNT, matmulNN, matmulTN, biasGrad } from "./gemm.ts";
export {
  reluForward,
  reluBackward,
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
} from "./activations.ts";
export { dropoutForward, dropoutBackward } from "./dropout.ts";
export { batchNormForwardTrain, batchNormForwardEval, batchNormBackward } from "./batchnorm.ts";
export { softmaxCrossEntropy, softmaxCrossEntropySoft, hingeLoss, mseLoss, countCorrect, countTopK } from "./losses.ts";
export { l2Penalty, l1Penalty, gradSquaredNorm, maxNormRows } from "./regularizers.ts";
export { erf } from "./erf.ts";
export { conv2dForward, conv2dBackward, im2col, col2im, type ConvGeometry } from "./conv.ts";
export {
  maxPoolForward,
  maxPoolBackward,
  avgPoolForward,
  avgPoolBackward,
  globalAvgPoolForward,
  globalAvgPoolBackward,
  type PoolGeometry,
} from "./pool.ts";
export { batchNorm2dForwardTrain, batchNorm2dForwardEval, batchNorm2dBackward } from "./batchnorm2d.ts";
export { dropout2dForward, dropout2dBackward } from "./dropout2d.ts";
export { perturbWeights, restoreWeights, gradientNoiseStd, addGradientNoise, type NormalSource } from "./noise.ts";
