/**
 * What a preprocessing step is, once, for every phase: its registry entry, its plan (the runtime's
 * PreprocessPlan, field for field: the generated module lists the plans as PREPROCESS and the runtime fits
 * them on the training set, runtime/data/preprocess.ts), and its entry in the PyTorch script's PREPROCESS.
 * Adding one is a definition file, its case in the runtime (and in the script's Python), and a line in ./index.ts.
 */
import type { PreprocessPlan } from "../../../runtime/contract.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Arguments } from "../call.ts";

export interface PreprocessingDefinition<P extends PreprocessPlan> {
  readonly entry: RegistryEntry;
  plan(args: Arguments): P;
  /** The step as a Python dict literal of the script's PREPROCESS list. */
  pytorch(plan: P): string;
}

export function definePreprocessing<P extends PreprocessPlan>(definition: PreprocessingDefinition<P>): PreprocessingDefinition<P> {
  return definition;
}
