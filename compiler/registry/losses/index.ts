export { crossEntropy } from "./cross-entropy.ts";
export { hinge } from "./hinge.ts";
export { mse } from "./mse.ts";
