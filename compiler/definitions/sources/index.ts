/** Every data source; the registry, the plan and both data emitters read sources from this list only. */
import type { DataSourcePlan } from "../../ir.ts";
import type { FileSourceDefinition, SplitDefinition } from "./definition.ts";
import { idx } from "./idx.ts";
import { csv } from "./csv.ts";
import { split } from "./split.ts";

export const sourceDefinitions = [idx, csv, split] as const;

/** The definition of a registry name, or undefined for a name that is not a data source. */
export function sourceNamed(name: string): FileSourceDefinition<DataSourcePlan["kind"]> | SplitDefinition | undefined {
  return sourceDefinitions.find((d) => d.entry.name === name) as FileSourceDefinition<DataSourcePlan["kind"]> | SplitDefinition | undefined;
}

/** The definition of a file source's plan (the plan's kind is its registry name). */
export function fileSourceOf(plan: DataSourcePlan): FileSourceDefinition<DataSourcePlan["kind"]> {
  const definition = sourceNamed(plan.kind);
  if (definition === undefined || definition.kind !== "file") throw new Error(`internal: no file source definition for ${plan.kind}`);
  return definition;
}
