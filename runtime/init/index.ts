export { calculateGain } from "./gain.ts";
export { initZeros, initConstant, initNormal, initUniform } from "./basic.ts";
export {
  initXavierNormal,
  initXavierUniform,
  initHeNormal,
  initHeUniform,
  initPytorchDefaultWeight,
  initPytorchDefaultBias,
} from "./fan.ts";
export type { FanMode } from "./fan.ts";
export { initOrthogonal } from "./orthogonal.ts";
