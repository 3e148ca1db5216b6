/** Every preprocessing step; the registry, the checker and both code generators read them from this list only. */
import type { PreprocessPlan } from "../../../runtime/contract.ts";
import type { PreprocessingDefinition } from "./definition.ts";
import { scale } from "./scale.ts";
import { mean_subtract } from "./mean-subtract.ts";
import { standardize } from "./standardize.ts";
import { pca_whiten } from "./pca-whiten.ts";

export const preprocessingDefinitions = [scale, mean_subtract, standardize, pca_whiten] as const;

/** The definition of a registry name, or undefined for a name that is not a preprocessing step. */
export function preprocessingNamed(name: string): PreprocessingDefinition<PreprocessPlan> | undefined {
  return preprocessingDefinitions.find((d) => d.entry.name === name) as unknown as PreprocessingDefinition<PreprocessPlan> | undefined;
}

/** The definition of a plan's step (the plan's kind is its registry name). */
export function preprocessingOf(plan: PreprocessPlan): PreprocessingDefinition<PreprocessPlan> {
  const definition = preprocessingNamed(plan.kind);
  if (definition === undefined) throw new Error(`internal: no definition for preprocessing step ${plan.kind}`);
  return definition;
}
