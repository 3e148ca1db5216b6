/**
 * A schedule's values over a whole run, computed at compile time with the runtime's own schedule
 * functions (the generated code calls the same ones), so the checker can bound every scheduled value.
 * Each piece of a sequence is walked with its own counter; runs too long to walk are sampled, always
 * including the points where a piece's extremes can lie (its ends, a warm-up's peak, one_cycle's phase
 * ends), between which every schedule is monotone.
 */
import type { Count, SchedulePlan } from "../ir.ts";
import {
  constantSchedule,
  cosineRestartsSchedule,
  cosineSchedule,
  exponentialSchedule,
  inverseSqrtSchedule,
  inverseTimeSchedule,
  linearSchedule,
  multistepSchedule,
  oneCycleLr,
  oneCycleMomentum,
  polynomialSchedule,
  stepSchedule,
} from "../../runtime/schedules/index.ts";
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

/** The counts a piece's value depends on. */
function countsOf(p: SchedulePlan): Count[] {
  switch (p.kind) {
    case "step":
      return [p.size];
    case "multistep":
      return [...p.milestones];
    case "cosine":
      return [p.T];
    case "cosine_restarts":
      return [p.T0];
    case "linear":
    case "polynomial":
      return [p.steps];
    case "inverse_sqrt":
      return [p.warmup];
    case "one_cycle":
      return [p.total];
    default:
      return [];
  }
}

/** Counter values to evaluate: all of them for a short piece, else a sample plus every candidate extreme. */
function counterPoints(piece: SchedulePlan, length: number, spe: number): number[] {
  if (length <= WALK) return Array.from({ length }, (_, k) => k);
  const points = new Set<number>([0, length - 1]);
  for (let i = 0; i < WALK; i++) points.add(Math.floor((i * (length - 1)) / (WALK - 1)));
  const c = (x: Count) => resolveCount(x, spe);
  switch (piece.kind) {
    case "inverse_sqrt":
      points.add(c(piece.warmup) - 1);
      break;
    case "cosine":
      points.add(c(piece.T));
      break;
    case "cosine_restarts":
      points.add(c(piece.T0) - 1);
      break;
    case "linear":
    case "polynomial":
      points.add(c(piece.steps));
      break;
    case "one_cycle": {
      const total = c(piece.total);
      for (const e of [piece.pct * total - 1, 2 * piece.pct * total - 2, total - 1]) points.add(Math.floor(e)).add(Math.ceil(e));
      break;
    }
    default:
      break;
  }
  return [...points].filter((k) => k >= 0 && k < length).sort((a, b) => a - b);
}

/** The value of one piece at its own counter k, exactly as the generated code computes it. */
function pieceValue(p: SchedulePlan, k: number, q: RangeQuery, spe: number): number {
  const b = "base" in p && p.base !== undefined ? p.base : q.base;
  const c = (x: Count) => resolveCount(x, spe);
  switch (p.kind) {
    case "constant":
      return constantSchedule(k, b, p.factor);
    case "step":
      return stepSchedule(k, b, c(p.size), p.gamma);
    case "multistep":
      return multistepSchedule(k, b, p.milestones.map(c), p.gamma);
    case "exponential":
      return exponentialSchedule(k, b, p.gamma);
    case "inverse_time":
      return inverseTimeSchedule(k, b, p.decay);
    case "cosine":
      return cosineSchedule(k, b, c(p.T), p.min);
    case "cosine_restarts":
      return cosineRestartsSchedule(k, b, c(p.T0), p.Tmult, p.min);
    case "linear":
      return linearSchedule(k, b, p.from, p.to, c(p.steps));
    case "inverse_sqrt":
      return inverseSqrtSchedule(k, b, c(p.warmup));
    case "polynomial":
      return polynomialSchedule(k, b, c(p.steps), p.power);
    case "one_cycle":
      return q.oneCycle === "momentum"
        ? oneCycleMomentum(k, c(p.total), p.pct, p.anneal, p.threePhase, p.baseMomentum, p.maxMomentum)
        : oneCycleLr(k, p.max, c(p.total), p.pct, p.anneal, p.div, p.finalDiv, p.threePhase);
    case "reduce_on_plateau":
      // It only ever lowers the value, never below its `min` (itself in range): the base bounds it above.
      return q.base;
    case "sequence":
      // Nested sequences do not occur (`then` is flat); walk the first piece's value as a fallback.
      return pieceValue(p.items[0], k, q, spe);
  }
}
