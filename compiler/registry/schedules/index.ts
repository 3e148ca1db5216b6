export { constant, step, multistep, exponential, inverseTime } from "./simple.ts";
export { cosine, cosineRestarts } from "./cosine.ts";
export { linear, inverseSqrt, polynomial } from "./warmup.ts";
export { oneCycle } from "./one-cycle.ts";
export { reduceOnPlateau } from "./plateau.ts";
