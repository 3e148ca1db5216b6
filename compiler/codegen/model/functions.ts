/**
 * The module's exported functions around the Model class: create, load the data, train, evaluate,
 * save and load. They are thin: the runtime does the work, the module supplies the spec's constants.
 */
import { emitLoadData } from "../emit-data.ts";
import { pathContextOf } from "../options.ts";
import type { ModuleBuilder, ModuleContext } from "./builder.ts";

export function addModuleFunctions(b: ModuleBuilder, { plan, options }: ModuleContext): void {
  const data = emitLoadData(plan.data, pathContextOf(options));
  b.imports.use(...data.imports, "trainModel", "evaluateModel", "saveModel", "loadModel");
  b.imports.useType("LoadedData", "TrainOptions", "TrainResult", "EvaluationResult", "Dataset");
  b.functions.push(`
/** A new model, initialised from \`seed\` (default: the spec's seed). */
export function createModel(seed: number = SEED): Model {
  return new Model(seed);
}

/**
 * Loads and preprocesses the spec's data sets (statistics from the training set only): from files in
 * Node, fetched by URL in a browser.
 */
export async function loadData(): Promise<LoadedData> {
  ${data.body}
}

/** Trains a model as the spec's train block says; options override epochs, steps, seed, output folder and callbacks. */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const model = options.initFrom !== undefined ? loadModel(createModel(options.seed ?? SEED), options.initFrom) : createModel(options.seed ?? SEED);
  return trainModel(model, options.data ?? (await loadData()), options);
}

/** Loss and metrics of \`model\` on a data set, in evaluation mode. */
export function evaluate(model: Model, data: Dataset): EvaluationResult {
  return evaluateModel(model, data);
}

/** Writes the model's weights (PyTorch state_dict names and layouts) to a safetensors file, atomically. */
export function save(model: Model, path: string): void {
  saveModel(model, path);
}

/** A model with weights read from a safetensors checkpoint (names and shapes are checked). */
export function load(path: string): Model {
  return loadModel(createModel(), path);
}
`);
}
