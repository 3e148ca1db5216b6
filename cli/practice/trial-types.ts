/** Runtime types a trial handles, gathered so trial.ts reads as the procedure it is. */
export type { CompiledModel, Dataset, LoadedData, TrainResult } from "../../runtime/index.ts";
