export { relu } from "./relu.ts";
export { leakyRelu } from "./leaky-relu.ts";
export { elu } from "./elu.ts";
export { gelu } from "./gelu.ts";
export { sigmoid } from "./sigmoid.ts";
export { tanh } from "./tanh.ts";
export { softmax } from "./softmax.ts";
