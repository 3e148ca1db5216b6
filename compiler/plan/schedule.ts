/**
 * Schedule expressions → SchedulePlan. A schedule counts steps if any duration in it is in steps (or it
 * contains one_cycle, or it drives a snapshot ensemble, which anneals per step), else epochs. Epoch
 * durations inside a step-counted schedule are converted with the steps per epoch when the caller knows
 * the training-set size, and otherwise stay counts of epochs that the generated code converts once the
 * data is loaded (see Count in ir.ts). Missing lengths are left for the checks to report.
 */
import type { Span } from "../../grammar/span.ts";
import type { Count, Duration, SchedulePlan, TimeUnit } from "../ir.ts";
import { diagnostic } from "../diagnostics.ts";
import { bindRole } from "../bind.ts";
import type { BindContext, BoundCall } from "../bind.ts";
import type { Value } from "../values.ts";
import { metricMode, scheduleNamed } from "../definitions/schedules/index.ts";
import type { ScheduleDefinition, ScheduleKind } from "../definitions/schedules/definition.ts";

export interface ScheduleItem {
  readonly bound: BoundCall;
  /** The `for` duration, if any. */
  readonly forDuration: Duration | undefined;
  /** How long the item runs in the schedule's unit; undefined when open-ended. */
  readonly length: Count | undefined;
  readonly span: Span;
}

export interface ScheduleDraft {
  /** `lr`, `momentum`, ... */
  readonly key: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly unit: TimeUnit;
  readonly items: readonly ScheduleItem[];
  /** Undefined when a length the plan needs is missing (reported by checks/schedule-needs-length.ts). */
  readonly plan: SchedulePlan | undefined;
}

export interface ScheduleEnv extends BindContext {
  readonly stepsPerEpoch: number | undefined;
  /** The whole run in steps (one_cycle's default total), or in epochs when steps per epoch are unknown. */
  readonly totalSteps: Count | undefined;
  /** The lr of a snapshot ensemble anneals per step, whatever unit its cycle length is given in. */
  readonly perStep?: boolean;
}

/** The definition of a bound schedule call (binding accepted only registry schedules). */
function definitionOf(b: BoundCall): ScheduleDefinition<ScheduleKind> {
  const definition = scheduleNamed(b.entry.name);
  if (definition === undefined) throw new Error(`internal: ${b.entry.name} is not a schedule`);
  return definition;
}

export function buildSchedule(key: string, keySpan: Span, value: Value, env: ScheduleEnv): ScheduleDraft | undefined {
  const parts = value.kind === "sequence" ? value.items : [value];
  const raw: { bound: BoundCall; forDuration: Duration | undefined; forSpan: Span | undefined; span: Span }[] = [];
  let ok = true;
  for (const part of parts) {
    let call = part;
    let forDuration: Duration | undefined;
    let forSpan: Span | undefined;
    if (part.kind === "for") {
      call = part.value;
      if (part.duration.kind !== "duration" || !(part.duration.amount > 0)) {
        env.out.push(diagnostic("NN3001", "`for` expects a positive duration such as `10 epochs` or `500 steps`", part.duration.span));
        ok = false;
        continue;
      }
      forDuration = { amount: part.duration.amount, unit: part.duration.unit };
      forSpan = part.duration.span;
    }
    const bound = bindRole(call, "schedule", env);
    if (bound === undefined) ok = false;
    else raw.push({ bound, forDuration, forSpan, span: part.span });
  }
  if (!ok) return undefined;
  if (raw.length > 1) {
    const plateau = raw.find((r) => r.bound.entry.name === "reduce_on_plateau");
    if (plateau !== undefined) {
      env.out.push(diagnostic("NN3007", "reduce_on_plateau reacts to evaluations and cannot be part of a `then` sequence", plateau.span));
      return undefined;
    }
  }
  // The unit: steps as soon as anything is counted in steps.
  const durations: { d: Duration; span: Span }[] = [];
  for (const r of raw) {
    if (r.forDuration !== undefined && r.forSpan !== undefined) durations.push({ d: r.forDuration, span: r.forSpan });
    for (const [, b] of r.bound.args) {
      if (!b.given) continue;
      if (isDuration(b.value)) durations.push({ d: b.value, span: b.span });
      if (Array.isArray(b.value) && b.value.every(isDuration)) for (const d of b.value as Duration[]) durations.push({ d, span: b.span });
    }
  }
  // exponential / inverse_time have no duration; their `per` argument names the unit explicitly.
  const perOf = (r: (typeof raw)[number]) => (r.bound.args.declares("per") ? r.bound.args.optional.string("per") : undefined);
  const stepsCounted =
    env.perStep === true ||
    durations.some((x) => x.d.unit === "steps") ||
    raw.some((r) => r.bound.entry.name === "one_cycle" || perOf(r) === "step");
  const perEpoch = raw.find((r) => perOf(r) === "epoch" && r.bound.args.given("per"));
  if (stepsCounted && perEpoch !== undefined) {
    env.out.push(diagnostic("NN3007", `schedule \`${key}\` mixes steps and epochs: \`per = epoch\` here, steps elsewhere`, perEpoch.span));
    return undefined;
  }
  const unit: TimeUnit = stepsCounted ? "steps" : "epochs";
  const convert = (d: Duration): Count => countIn(d, unit, env.stepsPerEpoch);
  const items: ScheduleItem[] = raw.map((r) => {
    const lp = definitionOf(r.bound).lengthParam;
    const own = lp === undefined ? undefined : r.bound.args.optional.duration(lp);
    let length = r.forDuration !== undefined ? convert(r.forDuration) : own !== undefined ? convert(own) : undefined;
    if (length === undefined && r.bound.entry.name === "one_cycle" && raw.length === 1) length = env.totalSteps;
    return { bound: r.bound, forDuration: r.forDuration, length, span: r.span };
  });
  const needsLength = (it: ScheduleItem, last: boolean): boolean => !last || definitionOf(it.bound).needsLength;
  const complete = items.every((it, i) => it.length !== undefined || !needsLength(it, i === items.length - 1));
  let plan: SchedulePlan | undefined;
  if (complete) {
    const plans = items.map((it) => itemPlan(it, unit, convert));
    if (plans.length === 1) plan = plans[0];
    else {
      const milestones: Count[] = [];
      let at: Count = 0;
      for (let i = 0; i < items.length - 1; i++) milestones.push((at = addCounts(at, items[i].length as Count)));
      plan = { kind: "sequence", items: plans, milestones, unit };
    }
  }
  return { key, keySpan, span: value.span, unit, items, plan };
}

/**
 * A duration in the schedule's counter. Epochs in a step-counted schedule become steps with the steps per
 * epoch (rounded up, as a partial epoch still takes its steps) or, when those are not known yet, stay epochs.
 * A step duration in an epoch-counted schedule cannot happen: any step duration makes the schedule step-counted.
 */
function countIn(d: Duration, unit: TimeUnit, stepsPerEpoch: number | undefined): Count {
  if (d.unit === unit) return d.amount;
  if (stepsPerEpoch !== undefined) return Math.ceil(d.amount * stepsPerEpoch);
  return { steps: 0, epochs: d.amount };
}

export function addCounts(a: Count, b: Count): Count {
  if (typeof a === "number" && typeof b === "number") return a + b;
  const parts = (c: Count) => (typeof c === "number" ? { steps: c, epochs: 0 } : c);
  return { steps: parts(a).steps + parts(b).steps, epochs: parts(a).epochs + parts(b).epochs };
}

/** A count in steps given the steps per epoch, as the generated code computes it (runtime stepsOf). */
export function resolveCount(c: Count, stepsPerEpoch: number): number {
  return typeof c === "number" ? c : c.steps + Math.ceil(c.epochs * stepsPerEpoch);
}

function isDuration(v: unknown): v is Duration {
  return typeof v === "object" && v !== null && "amount" in v && "unit" in v;
}

function itemPlan(it: ScheduleItem, unit: TimeUnit, convert: (d: Duration) => Count): SchedulePlan {
  const plan = definitionOf(it.bound).plan(it.bound.args, { unit, convert, length: it.length });
  // `base` is printed only when given, so plans (and code) of specs without it stay as they were.
  const a = it.bound.args;
  return a.declares("base") && a.given("base") && plan.kind !== "one_cycle" && plan.kind !== "reduce_on_plateau"
    ? { ...plan, base: a.number("base") }
    : plan;
}

export { metricMode };
