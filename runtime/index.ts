/** The runtime: everything generated code may import (package export `nnc/runtime`). */
export type { FloatArray, Precision } from "./types.ts";
export type {
  CompiledModel,
  FirstOrderModel,
  FullBatchModel,
  ModelDefinition,
  TensorInfo,
  TrainingSettings,
  ReplicaPlacement,
} from "./contract.ts";
export { isFullBatch, requireFirstOrder } from "./contract.ts";
export type { GeneratedModule } from "./generated-module.ts";
export { Arena } from "./arena.ts";
export { ArenaRegion } from "./arena-region.ts";
export { Rng } from "./rng.ts";
export { addRegularizationGradient, emaUpdate } from "./memory.ts";
export { resolveDataPath } from "./paths.ts";
export * from "./dispatch/index.ts";
export * from "./layers/index.ts";
export * from "./optimizers/index.ts";
export * from "./schedules/index.ts";
export * from "./init/index.ts";
export * from "./data/index.ts";
export * from "./checkpoint/index.ts";
export * from "./train/index.ts";
export * from "./practice/index.ts";
export { registerReplicaWorker } from "./parallel/web-pool.ts";
export { serveReplicas } from "./parallel/web-worker.ts";
