/**
 * A schedule's values over a whole run, computed at compile time with the runtime's own schedule
 * functions (the generated code calls the same ones), so the checker can bound every scheduled value.
 * Each piece of a sequence is walked with its own counter; runs too long to walk are sampled, always
 * including the points where a piece's extremes can lie (its ends, a warm-up's peak, one_cycle's phase
 * ends), between which every schedule is monotone.
 */
import type { Count, SchedulePlan } from "../ir.ts";
import { scheduleOf } from "../definitions/schedules/index.ts";
import type { ScheduleDefinition, ScheduleKind } from "../definitions/schedules/definition.ts";
import { resolveCount } from "./schedule.ts";

/** Where a value occurs: the schedule's counter (steps or epochs), as a number when it can be known. */
export interface ValueAt {
  readonly value: number;
  /** Global counter value, when known (the steps per epoch are known or not needed). */
  readonly at: number | undefined;
  /** The piece of a `then` sequence and the counter inside it. */
  readonly piece: string;
  readonly local: number;
  /** How far into its piece, 0..1, when the counter values themselves are nominal (else undefined). */
  readonly fraction: number | undefined;
}

export interface ScheduleRange {
  readonly min: ValueAt;
  readonly max: ValueAt;
  /** The first value outside `allowed`, if any. */
  readonly firstOutside: ValueAt | undefined;
  /** Lengths in epochs were counted with a nominal steps per epoch (the data's size was unknown). */
  readonly nominal: boolean;
}

/** Up to this many counter values are walked one by one per piece; longer pieces are sampled. */
const WALK = 100_000;

/** A nominal steps per epoch for values only (the locations are then given within the piece). */
export const NOMINAL_STEPS_PER_EPOCH = 100;

export interface RangeQuery {
  /** The value the schedule multiplies (the hyperparameter's own). */
  readonly base: number;
  /** The run's length in the schedule's counter, when known. */
  readonly run: Count | undefined;
  readonly stepsPerEpoch: number | undefined;
  readonly allowed: (v: number) => boolean;
  /** Which one-cycle curve: the lr's, or the momentum it cycles. */
  readonly oneCycle?: "lr" | "momentum";
}

export function scheduleRange(plan: SchedulePlan, q: RangeQuery): ScheduleRange | undefined {
  const known = q.stepsPerEpoch !== undefined;
  const spe = q.stepsPerEpoch ?? NOMINAL_STEPS_PER_EPOCH;
  const pieces = plan.kind === "sequence" ? plan.items : [plan];
  const starts: Count[] = plan.kind === "sequence" ? [0, ...plan.milestones] : [0];
  let min: ValueAt | undefined;
  let max: ValueAt | undefined;
  let firstOutside: ValueAt | undefined;
  let nominal = false;
  pieces.forEach((piece, i) => {
    const start = starts[i];
    const s = resolveCount(start, spe);
    const end = i + 1 < starts.length ? starts[i + 1] : q.run;
    // With epochs still unconverted, where this piece starts or its own lengths are nominal: only the share
    // of its own length is meaningful (a run's unconverted end only bounds how far it is walked).
    const own = countsOf(piece);
    const pieceNominal = !known && [start, ...own].some((c) => typeof c !== "number");
    if (pieceNominal) nominal = true;
    // Without a known run (the spec lacks epochs and steps, an error of its own) the last piece is walked a while.
    const length = end === undefined ? WALK : Math.max(0, resolveCount(end, spe) - s);
    const values = counterPoints(piece, length, spe).map((k) => ({ k, v: pieceValue(piece, k, q, spe) }));
    for (const { k, v } of values) {
      if (Number.isNaN(v)) continue;
      const where: ValueAt = {
        value: v,
        at: pieceNominal ? undefined : s + k,
        piece: piece.kind,
        local: k,
        fraction: pieceNominal ? k / Math.max(1, own.length > 0 ? resolveCount(own[own.length - 1], spe) : length - 1) : undefined,
      };
      if (min === undefined || v < min.value) min = where;
      if (max === undefined || v > max.value) max = where;
      if (firstOutside === undefined && !q.allowed(v)) firstOutside = where;
    }
  });
  return min === undefined || max === undefined ? undefined : { min, max, firstOutside, nominal };
}

/** The definition of a piece (`then` is flat: a sequence's items are never sequences). */
function definitionOf(p: SchedulePlan): ScheduleDefinition<ScheduleKind> {
  if (p.kind === "sequence") throw new Error("internal: a sequence inside a sequence");
  return scheduleOf(p);
}

/** The counts a piece's value depends on. */
function countsOf(p: SchedulePlan): readonly Count[] {
  return definitionOf(p).counts(p as never);
}

/** Counter values to evaluate: all of them for a short piece, else a sample plus every candidate extreme. */
function counterPoints(piece: SchedulePlan, length: number, spe: number): number[] {
  if (length <= WALK) return Array.from({ length }, (_, k) => k);
  const points = new Set<number>([0, length - 1]);
  for (let i = 0; i < WALK; i++) points.add(Math.floor((i * (length - 1)) / (WALK - 1)));
  for (const k of definitionOf(piece).extremes(piece as never, (x) => resolveCount(x, spe))) points.add(k);
  return [...points].filter((k) => k >= 0 && k < length).sort((a, b) => a - b);
}

/** The value of one piece at its own counter k, exactly as the generated code computes it. */
function pieceValue(p: SchedulePlan, k: number, q: RangeQuery, spe: number): number {
  // Nested sequences do not occur (`then` is flat); walk the first piece's value as a fallback.
  if (p.kind === "sequence") return pieceValue(p.items[0], k, q, spe);
  const base = "base" in p && p.base !== undefined ? p.base : q.base;
  return definitionOf(p).value(p as never, k, { base, count: (x) => resolveCount(x, spe), oneCycle: q.oneCycle ?? "lr" });
}
