/**
 * Every schedule; the registry, the plan builder, the checker's range walk and both code generators read
 * schedules from this list only. A `then` sequence is not a schedule of its own: each piece is one of these.
 */
import type { SchedulePlan } from "../../ir.ts";
import type { ScheduleDefinition, ScheduleKind } from "./definition.ts";
import { constant } from "./constant.ts";
import { step } from "./step.ts";
import { multistep } from "./multistep.ts";
import { exponential } from "./exponential.ts";
import { inverse_time } from "./inverse-time.ts";
import { cosine } from "./cosine.ts";
import { cosine_restarts } from "./cosine-restarts.ts";
import { linear } from "./linear.ts";
import { inverse_sqrt } from "./inverse-sqrt.ts";
import { polynomial } from "./polynomial.ts";
import { one_cycle } from "./one-cycle.ts";
import { reduce_on_plateau } from "./reduce-on-plateau.ts";

export const scheduleDefinitions = [
  constant,
  step,
  multistep,
  exponential,
  inverse_time,
  cosine,
  cosine_restarts,
  linear,
  inverse_sqrt,
  polynomial,
  one_cycle,
  reduce_on_plateau,
] as const;

/** The definition of a registry name (`cosine`), or undefined for a name that is not a schedule. */
export function scheduleNamed(name: string): ScheduleDefinition<ScheduleKind> | undefined {
  return scheduleDefinitions.find((d) => d.entry.name === name) as unknown as ScheduleDefinition<ScheduleKind> | undefined;
}

/**
 * The definition of a piece's schedule (the plan's kind is its registry name). Each definition's functions
 * take only its own plan; the kind ties the two, which is the one cast this dispatch needs.
 */
export function scheduleOf(plan: Exclude<SchedulePlan, { readonly kind: "sequence" }>): ScheduleDefinition<ScheduleKind> {
  const definition = scheduleNamed(plan.kind);
  if (definition === undefined) throw new Error(`internal: no definition for schedule ${plan.kind}`);
  return definition;
}

export { metricMode } from "./reduce-on-plateau.ts";
