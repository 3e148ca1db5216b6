export type { Dataset } from "./dataset.ts";
export { splitDataset } from "./dataset.ts";
export { DataError } from "./errors.ts";
export { loadIdx } from "./idx-file.ts";
export { idxDataset, parseIdx } from "./idx.ts";
export { loadCsv, parseCsv, type CsvOptions } from "./csv.ts";
export { fetchIdx, fetchCsv, fetchBytes } from "./fetch.ts";
export { datasetFromArrays, type DatasetArrays } from "./from-arrays.ts";
export { selectClasses } from "./classes.ts";
export { subsetDataset, subsetSize, classQuotas, type Subset } from "./subset.ts";
export { fitPreprocessing, applyPreprocessing } from "./preprocess.ts";
export {
  fittedToJson,
  fittedFromJson,
  type FittedPreprocessing,
  type FittedStep,
  type StatisticsScope,
} from "./fitted.ts";
export { symmetricEigen, type SymmetricEigen } from "./eigen.ts";
export { Batcher, type BatcherState, type ShuffleRng } from "./batcher.ts";
export { Augmenter, sampleBeta, type AugmentOp } from "./augment.ts";
