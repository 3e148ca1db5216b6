/**
 * What a schedule is, once, for every phase: its registry entry, how its plan is built from the checked
 * arguments, the value it takes at each count (for the checker's range walk, with the same runtime function
 * the generated code calls), and its emission: a call in the generated `…At(step, epoch)` method and a
 * torch.optim.lr_scheduler expression in the PyTorch script. The plan types are SchedulePlan's variants in
 * compiler/ir.ts. Adding a schedule is a definition file, its runtime function (runtime/schedules/), its
 * variant in ir.ts, and a line in ./index.ts.
 */
import type { Count, Duration, SchedulePlan, TimeUnit } from "../../ir.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Arguments } from "../call.ts";

export type ScheduleKind = Exclude<SchedulePlan["kind"], "sequence">;
export type SchedulePlanOf<K extends ScheduleKind> = Extract<SchedulePlan, { readonly kind: K }>;

/** The checked arguments, with the reads schedules need besides numbers and words. */
export interface ScheduleArguments extends Arguments {
  duration(key: string): Duration;
  durations(key: string): readonly Duration[];
  reference(key: string): { readonly path: readonly string[] };
}

/** What plan() knows besides the arguments: the schedule's counter and how long this piece runs. */
export interface PlanContext {
  readonly unit: TimeUnit;
  /** A duration as a count of the schedule's counter. */
  convert(d: Duration): Count;
  /** How long the piece runs (its length parameter, its `for`, or one_cycle's whole run); undefined when open-ended. */
  readonly length: Count | undefined;
}

/** What the value of a piece at its own counter k needs. */
export interface ValueContext {
  /** The value the schedule multiplies (its `base`, or the hyperparameter's own). */
  readonly base: number;
  /** A count in the counter, given the steps per epoch. */
  count(c: Count): number;
  /** Which one-cycle curve: the lr's, or the momentum it cycles. */
  readonly oneCycle: "lr" | "momentum";
}

/** The generated TypeScript of one piece: `return fn(counter, …args);`. */
export interface TypeScriptContext {
  /** The base value as a literal. */
  readonly base: string;
  /** A count as a literal or as its runtime conversion. */
  count(c: Count): string;
  /** `return fn(counter, args);`, recording the runtime import of `fn`. */
  call(fn: string, args: string): string;
}

/** The PyTorch script's scheduler expression of one piece, over `optimizer`. */
export interface PyTorchContext {
  /** A count as a Python literal or steps_of(…). */
  count(c: Count): string;
  /** The learning-rate multiplier of each parameter group (one_cycle's max_lr and plateau's min_lr are per group). */
  readonly mults: readonly number[];
}

export interface ScheduleDefinition<K extends ScheduleKind> {
  readonly entry: RegistryEntry;
  /** The parameter that is the piece's own length (linear's `steps`), if it has one. */
  readonly lengthParam?: string;
  /** Whether the piece needs a length even when it ends a sequence (it is defined only over its length). */
  readonly needsLength: boolean;
  plan(args: ScheduleArguments, context: PlanContext): SchedulePlanOf<K>;
  /** The counts its value depends on (the checker's range walk treats unconverted ones as nominal). */
  counts(plan: SchedulePlanOf<K>): readonly Count[];
  /** Counters where an extreme can lie besides a piece's ends (a warm-up's peak), for sampled walks. */
  extremes(plan: SchedulePlanOf<K>, count: (c: Count) => number): readonly number[];
  /** Its value at its own counter k, computed as the generated code computes it. */
  value(plan: SchedulePlanOf<K>, k: number, context: ValueContext): number;
  /** The body of the generated `…At(step, epoch)` method for this piece. */
  typescript(plan: SchedulePlanOf<K>, context: TypeScriptContext): string;
  pytorch(plan: SchedulePlanOf<K>, context: PyTorchContext): string;
}

export function defineSchedule<K extends ScheduleKind>(definition: ScheduleDefinition<K>): ScheduleDefinition<K> {
  return definition;
}
