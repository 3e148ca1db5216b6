export { prepareData, checkDatasetFits, type LoadedData, type RawData } from "./data.ts";
export { evaluateModel, predictAll, type EvaluationResult } from "./evaluate.ts";
export { runTraining, trainModel, threadChoiceOf } from "./loop.ts";
export { metricsJson } from "./finish.ts";
export type { TrainOptions, TrainResult, EpochMetrics, BatchProgress } from "./run-api.ts";
export {
  saveModel,
  checkpointBytes,
  loadModel,
  loadModelBytes,
  loadStateDictInto,
  loadTensorInto,
  stateDict,
  saveTrainingState,
  loadTrainingState,
  type LoopState,
} from "./checkpoint-io.ts";
export { TrainingDivergedError } from "./divergence.ts";
export { SnapshotEnsemble, isCycleEnd, type SnapshotEnsembleResult } from "./snapshot-ensemble.ts";
export { gradientCheck, relativeError, type GradientCheckResult, type GradientCheckEntry } from "./gradcheck.ts";
export { StepProfile, FORWARD, BACKWARD, formatProfile, profileJson, profileRows, type Pass, type ProfileRow } from "./profile.ts";
