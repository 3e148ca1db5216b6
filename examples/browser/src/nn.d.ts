// What `import … from "./spiral.nn"` gives (the nnc Vite plugin compiles the spec when it is imported).
declare module "*.nn" {
  import type { CompiledModel, LoadedData, TrainOptions, TrainResult, ModelDefinition } from "nnc/runtime";
  export const MAX_BATCH: number;
  export const SEED: number;
  export const DEFINITION: ModelDefinition;
  export function createModel(seed?: number): CompiledModel & { predict(x: Float32Array, n: number): Int32Array };
  export function loadData(): Promise<LoadedData>;
  export function train(options?: TrainOptions): Promise<TrainResult>;
}
