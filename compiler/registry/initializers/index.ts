export { zeros, constant } from "./constant.ts";
export { normal, uniform } from "./random.ts";
export { xavierNormal, xavierUniform } from "./xavier.ts";
export { heNormal, heUniform } from "./he.ts";
export { orthogonal } from "./orthogonal.ts";
export { pytorchDefault, from } from "./pytorch-default.ts";
