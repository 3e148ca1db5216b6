export { sgd } from "./sgd.ts";
export { adagrad } from "./adagrad.ts";
export { adadelta } from "./adadelta.ts";
export { rmsprop } from "./rmsprop.ts";
export { adam, adamw } from "./adam.ts";
export { nadam, radam, adamax } from "./adam-variants.ts";
export { lbfgs } from "./lbfgs.ts";
