/**
 * One training run of a concrete spec text, as sweeps, seed ensembles, k-fold and bagging need it: compile
 * (cached per text), build the data for the requested resampling, train with the given seed, and return
 * the metrics plus, on request, the class probabilities on the test set (or validation set) for
 * ensembling. Runs the same in the main thread and in a worker thread.
 */
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { analyze, compile } from "../../compiler/index.ts";
import type { Analysis, Plan } from "../../compiler/index.ts";
import type { CompiledModel, Dataset, LoadedData, TrainResult } from "./trial-types.ts";
import { cachedRunnableModule, moduleCacheFolder, runtimeEntryUrl, type GeneratedModule as Generated } from "../spec-module.ts";
import { prepareData, predictAll, runTraining, loadModel } from "../../runtime/index.ts";
import { bootstrapSample, kfoldSplit } from "../../runtime/practice/resample.ts";
import { softmaxRows } from "../../runtime/train/ensemble-average.ts";
import { rawData } from "./data.ts";

export type DataRecipe =
  | { readonly kind: "spec" }
  | { readonly kind: "fold"; readonly fold: number; readonly folds: number; readonly seed: number }
  | { readonly kind: "bootstrap"; readonly seed: number };

export interface TrialTask {
  readonly id: number;
  /** Concrete spec text (a sweep trial has its distributions replaced by numbers). */
  readonly text: string;
  /** The spec's path: relative paths resolve from its folder; named in messages. */
  readonly specPath: string;
  readonly epochs?: number;
  readonly seed: number;
  readonly recipe: DataRecipe;
  /** When set, checkpoint.safetensors and metrics.json go here. */
  readonly outDir?: string;
  /** Return softmax probabilities of the evaluation set (test, else validation). */
  readonly scores?: boolean;
  /** Only compute scores of this checkpoint (no training). */
  readonly checkpoint?: string;
}

export interface TrialOutcome {
  readonly id: number;
  readonly seed: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly trainLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
  readonly evalSet: "test" | "validation" | undefined;
  readonly evalAccuracy: number | null;
  readonly probabilities: Float64Array | undefined;
  readonly labels: Int32Array | undefined;
  readonly classes: number;
  readonly seconds: number;
}

const modules = new Map<string, Promise<{ module: Generated; plan: Plan }>>();

function firstError(result: Analysis): string {
  return result.diagnostics.find((d) => d.severity === "error")?.message ?? "the spec has errors";
}

/** Compiles a spec text once per process (a built nnc: once, while its module stays in the cache) and imports it. */
export function loadSpecText(text: string, specPath: string): Promise<{ module: Generated; plan: Plan }> {
  const folder = moduleCacheFolder(specPath, text);
  let entry = modules.get(folder);
  if (entry === undefined) {
    entry = (async () => {
      const options = { source: specPath, baseDir: dirname(resolve(specPath)) };
      let plan: Plan | undefined;
      const file = await cachedRunnableModule(folder, "model.nn.js", async () => {
        const result = await compile(text, { ...options, runtimeImport: runtimeEntryUrl, moduleDir: folder });
        if (result.code === undefined || result.plan === undefined) throw new Error(`${specPath}: ${firstError(result)}`);
        plan = result.plan;
        return result.code;
      });
      if (plan === undefined) {
        // The module an earlier process generated from this text with this nnc: the plan is the analysis's.
        const analysis = analyze(text, options);
        if (analysis.plan === undefined) throw new Error(`${specPath}: ${firstError(analysis)}`);
        plan = analysis.plan;
      }
      return { module: (await import(pathToFileURL(file).href)) as Generated, plan };
    })();
    modules.set(folder, entry);
  }
  return entry;
}

async function buildData(module: Generated, plan: Plan, recipe: DataRecipe): Promise<LoadedData> {
  if (recipe.kind === "spec") return module.loadData();
  const raw = rawData(plan);
  if (recipe.kind === "fold") {
    // k-fold ignores the spec's validation split: every training row is validated exactly once.
    const { train, validation } = kfoldSplit(raw.whole, recipe.fold, recipe.folds, recipe.seed);
    return prepareData({ train, validation, test: raw.test }, module.PREPROCESS as never, module.DEFINITION);
  }
  return prepareData(
    { train: bootstrapSample(raw.train, recipe.seed), validation: raw.validation, test: raw.test },
    module.PREPROCESS as never,
    module.DEFINITION,
  );
}

export async function runTrial(task: TrialTask): Promise<TrialOutcome> {
  const started = performance.now();
  const { module, plan } = await loadSpecText(task.text, task.specPath);
  const data = await buildData(module, plan, task.recipe);
  let result: TrainResult | undefined;
  let model: CompiledModel;
  if (task.checkpoint !== undefined) {
    model = loadModel(module.createModel(task.seed), task.checkpoint);
  } else {
    model = module.createModel(task.seed);
    result = runTraining(model, data, { epochs: task.epochs, seed: task.seed, data, outDir: task.outDir });
  }
  const last = result?.epochs[result.epochs.length - 1];
  const evalSet = data.test !== undefined ? "test" : data.validation !== undefined ? "validation" : undefined;
  const set = data.test ?? data.validation;
  const evaluated = set === undefined ? undefined : module.evaluate(model, set);
  const C = module.DEFINITION.outputSize;
  const probabilities = task.scores && set !== undefined ? softmaxRows(predictAll(model, set), set.n, C) : undefined;
  const val = data.validation && (task.checkpoint !== undefined ? module.evaluate(model, data.validation) : undefined);
  return {
    id: task.id,
    seed: task.seed,
    valLoss: val?.loss ?? last?.val_loss ?? null,
    valAccuracy: val?.accuracy ?? last?.val_accuracy ?? null,
    trainLoss: last?.train_loss ?? null,
    trainAccuracy: last?.train_accuracy ?? null,
    testLoss: result?.test?.loss ?? (evalSet === "test" ? (evaluated?.loss ?? null) : null),
    testAccuracy: result?.test?.accuracy ?? (evalSet === "test" ? (evaluated?.accuracy ?? null) : null),
    evalSet,
    evalAccuracy: evaluated?.accuracy ?? null,
    probabilities,
    labels: set?.labels && Int32Array.from(set.labels),
    classes: C,
    seconds: (performance.now() - started) / 1000,
  };
}
