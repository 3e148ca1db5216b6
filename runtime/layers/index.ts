/*
 * Layers as the generated model holds them: one object per layer with its sizes and its tensors as views
 * made once, whose forward and backward call the kernels (runtime/dispatch) with the layer's own operands.
 */
export { Dense, type DenseTensors } from "./dense.ts";
export { BatchNorm, type BatchNormTensors } from "./batch-norm.ts";
export { Conv2d, type Conv2dTensors } from "./conv2d.ts";
export { Pool2d, type Pool2dSettings } from "./pool2d.ts";
export { Dropout, Dropout2d, type DropoutSettings, type Dropout2dSettings } from "./dropout.ts";
export { Maxout, type MaxoutSettings } from "./maxout.ts";
export { CrossEntropyLoss, type CrossEntropySettings } from "./cross-entropy-loss.ts";
export { HingeLoss, type HingeSettings } from "./hinge-loss.ts";
export { MseLoss, type MseSettings } from "./mse-loss.ts";
export {
  Relu,
  LeakyRelu,
  Elu,
  Gelu,
  Sigmoid,
  Tanh,
  Softmax,
  type ActivationSettings,
  type LeakyReluSettings,
  type EluSettings,
} from "./activations.ts";
export { GlobalAvgPool, Flatten, type GlobalAvgPoolSettings, type FlattenSettings } from "./reshape.ts";
export { Add, Concat, type AddSettings, type ConcatSettings } from "./merge.ts";
export { GroupNorm, LayerNorm, type GroupNormTensors, type LayerNormTensors } from "./group-norm.ts";
export { AdaptiveAvgPool, type AdaptiveAvgPoolSettings } from "./adaptive-avg-pool.ts";
export { StochasticDepth, type StochasticDepthSettings } from "./stochastic-depth.ts";
export { DropConnectDense, type DropConnectTensors } from "./drop-connect-dense.ts";
export { ConvBatchNorm, foldsBatchNorm, type ConvBatchNormTensors } from "./conv-batch-norm.ts";
