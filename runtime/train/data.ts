/**
 * Data as a compiled model sees it: the spec's sets, checked against the model's input and output, with
 * preprocessing fitted on the training set only and applied to every set.
 */
import type { PreprocessPlan } from "../contract.ts";
import { applyPreprocessing, fitAndApplyPreprocessing } from "../data/preprocess.ts";
import type { FittedPreprocessing } from "../data/fitted.ts";
import type { Dataset } from "../data/dataset.ts";
import { DataError } from "../data/errors.ts";
import type { ModelDefinition } from "../contract.ts";

export interface LoadedData {
  readonly train: Dataset;
  readonly validation: Dataset | undefined;
  readonly test: Dataset | undefined;
  readonly preprocessing: FittedPreprocessing;
}

export interface RawData {
  readonly train: Dataset;
  readonly validation: Dataset | undefined;
  readonly test: Dataset | undefined;
}

/**
 * Throws DataError naming the set's source when it does not fit the model. `preprocessed` is the row width
 * after preprocessing when it differs from the data's (pca_whiten(components = k) keeps k features): the
 * model's input must match that.
 */
export function checkDatasetFits(
  d: Dataset,
  def: ModelDefinition,
  preprocessed?: { readonly features: number; readonly shape: readonly number[] },
): void {
  const width = preprocessed?.features ?? d.features;
  if (width !== def.inputSize) {
    const after =
      preprocessed === undefined || preprocessed.features === d.features
        ? ""
        : `, ${preprocessed.features} after preprocessing (shape [${preprocessed.shape.join(", ")}]),`;
    throw new DataError(
      d.source,
      `rows have ${d.features} features (shape [${d.shape.join(", ")}])${after} but the model's input is [${def.inputShape.join(", ")}] = ${def.inputSize} features`,
    );
  }
  if (d.n === 0) throw new DataError(d.source, "the data set has no rows");
  if (def.task === "classification") {
    if (d.labels === undefined) throw new DataError(d.source, "the model is a classifier but the data set has no class labels");
    for (let i = 0; i < d.n; i++) {
      const label = d.labels[i];
      if (label < 0 || label >= def.outputSize) {
        throw new DataError(
          d.labelSource ?? d.source,
          `row ${i + 1} has label ${label}, outside the model's ${def.outputSize} classes 0..${def.outputSize - 1}`,
        );
      }
    }
  } else {
    if (d.targets === undefined) throw new DataError(d.source, "the model is a regressor but the data set has no targets");
    if (d.targetSize !== def.outputSize) {
      throw new DataError(d.source, `rows have ${d.targetSize} targets but the model has ${def.outputSize} outputs`);
    }
  }
}

/**
 * Checks the data against the model and preprocesses it (fitted on the training set). `inPlace`: the training
 * rows belong to this call and may be overwritten, as a generated loadData's fresh loads do, which saves a
 * copy of the training set; otherwise the caller's arrays are left as they are.
 */
export function prepareData(
  raw: RawData,
  preprocess: readonly PreprocessPlan[],
  def: ModelDefinition,
  options: { readonly inPlace?: boolean } = {},
): LoadedData {
  // The model reads rows as preprocessing leaves them, so their width is checked after fitting; a
  // validation or test set of another width is refused by applyPreprocessing, naming its file.
  const { fitted, train } = fitAndApplyPreprocessing(preprocess, raw.train, options.inPlace === true);
  const out = { features: fitted.outputShape.reduce((a, b) => a * b, 1), shape: fitted.outputShape };
  checkDatasetFits(raw.train, def, out);
  if (raw.validation) checkDatasetFits(raw.validation, def, raw.validation.features === raw.train.features ? out : undefined);
  if (raw.test) checkDatasetFits(raw.test, def, raw.test.features === raw.train.features ? out : undefined);
  return {
    train,
    validation: raw.validation && applyPreprocessing(fitted, raw.validation),
    test: raw.test && applyPreprocessing(fitted, raw.test),
    preprocessing: fitted,
  };
}
