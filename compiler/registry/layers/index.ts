export { dense } from "./dense.ts";
export { dropout } from "./dropout.ts";
export { batchnorm } from "./batchnorm.ts";
export { maxout } from "./maxout.ts";
export { conv2d, maxpool, avgpool, flatten } from "./reserved.ts";
