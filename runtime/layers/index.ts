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
