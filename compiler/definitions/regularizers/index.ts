/** Every loss-term regularizer; the registry, the layout of the fused updates and both code generators read this list. */
import type { RegularizerPlan } from "../../ir.ts";
import type { RegularizerDefinition } from "./definition.ts";
import { l2 } from "./l2.ts";
import { l1 } from "./l1.ts";

export const regularizerDefinitions = [l2, l1] as const;

/** The definition of a plan's regularizer (the plan's kind is its registry name). */
export function regularizerOf(plan: Pick<RegularizerPlan, "kind">): RegularizerDefinition<RegularizerPlan["kind"]> {
  const definition = regularizerDefinitions.find((d) => d.entry.name === plan.kind);
  if (definition === undefined) throw new Error(`internal: no definition for regularizer ${plan.kind}`);
  return definition as RegularizerDefinition<RegularizerPlan["kind"]>;
}
