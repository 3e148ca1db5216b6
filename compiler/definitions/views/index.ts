/** Every test-time view; the registry, the checker and both code generators read views from this list only. */
import type { ViewPlan } from "../../../runtime/contract.ts";
import type { ViewDefinition } from "./definition.ts";
import { hflipView, vflipView } from "./flip.ts";

export const viewDefinitions = [hflipView, vflipView] as const;

/** The definition of a registry name, or undefined for a name that is not a view. */
export function viewNamed(name: string): ViewDefinition<ViewPlan> | undefined {
  return viewDefinitions.find((d) => d.entry.name === name) as unknown as ViewDefinition<ViewPlan> | undefined;
}

/** The definition of a plan's view (the plan's kind is its registry name). */
export function viewOf(plan: ViewPlan): ViewDefinition<ViewPlan> {
  const definition = viewNamed(plan.kind);
  if (definition === undefined) throw new Error(`internal: no definition for view ${plan.kind}`);
  return definition;
}
