export { weight_noise } from "./weight-noise.ts";
export { gradient_noise } from "./gradient-noise.ts";
