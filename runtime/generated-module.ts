/**
 * What a generated module exports (`nnc compile` writes one per spec, e.g. examples/xor.nn.ts): the model
 * class and its constants, and the few functions a user, the CLI and the data-parallel workers call. The
 * model itself is runtime/contract.ts's CompiledModel.
 */
import type { CompiledModel, ModelDefinition, PreprocessPlan, ReplicaPlacement } from "./contract.ts";
import type { Dataset } from "./data/dataset.ts";
import type { LoadedData } from "./train/data.ts";
import type { EvaluationResult } from "./train/evaluate.ts";
import type { TrainOptions, TrainResult } from "./train/run-api.ts";

export interface GeneratedModule {
  /** The model class; a worker thread builds a data-parallel replica with `new Model(SEED, placement)`. */
  readonly Model: new (seed: number, replica?: ReplicaPlacement) => CompiledModel;
  createModel(seed?: number): CompiledModel;
  loadData(): Promise<LoadedData>;
  train(options?: TrainOptions): Promise<TrainResult>;
  evaluate(model: CompiledModel, data: Dataset): EvaluationResult;
  save(model: CompiledModel, path: string): void;
  load(path: string): CompiledModel;
  readonly INPUT_SIZE: number;
  readonly OUTPUT_SIZE: number;
  readonly SEED: number;
  readonly DEFINITION: ModelDefinition;
  /** The preprocessing steps, fitted on the training data when it is loaded (sweeps refit them per resample). */
  readonly PREPROCESS: readonly PreprocessPlan[];
}
