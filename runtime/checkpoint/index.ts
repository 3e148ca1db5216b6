export { CheckpointError } from "./errors.ts";
export { writeFileAtomic } from "./atomic.ts";
export { readSafetensors, parseSafetensors } from "./read.ts";
export { writeSafetensors, safetensorsBytes } from "./write.ts";
export type { Dtype, TensorData } from "./tensor.ts";
