export { CheckpointError } from "./errors.ts";
export { writeFileAtomic } from "./atomic.ts";
export { readSafetensors } from "./read.ts";
export { writeSafetensors } from "./write.ts";
export type { Dtype, TensorData } from "./tensor.ts";
