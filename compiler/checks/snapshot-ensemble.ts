/**
 * A snapshot ensemble (Huang et al. 2017) keeps the model at the end of each cosine-restart cycle, where
 * the learning rate has annealed to its minimum; without such cycles counted in epochs there is no point
 * at which a snapshot is a converged member. At least two cycles must end within the run, or there is
 * nothing to average.
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import type { ScheduleItem } from "../plan/schedule.ts";

/**
 * Epochs at which cycles of length T0, T0·T_mult, … end, up to `epochs` and at most `limit` of them (a
 * spec may say `epochs = 1e18`; the fuzzer did, and an unbounded list crashed V8).
 */
export function cycleEnds(T0: number, Tmult: number, epochs: number, limit = 100_000): number[] {
  const ends: number[] = [];
  for (let end = T0, length = T0; end <= epochs && ends.length < limit; length *= Tmult, end += length) ends.push(end);
  return ends;
}

/** The cycles of `cosine_restarts(T0 epochs, T_mult)` in epochs; undefined when T0 is not in epochs. */
export function epochCycles(item: ScheduleItem): { T0: number; Tmult: number } | undefined {
  const T0 = item.bound.args.optional.duration("T0");
  if (T0 === undefined || T0.unit !== "epochs" || item.forDuration !== undefined) return undefined;
  return { T0: T0.amount, Tmult: item.bound.args.number("T_mult") };
}

export const snapshotEnsemble: Rule = {
  name: "snapshot-ensemble",
  run(ctx) {
    const setting = ctx.train?.settings.get("snapshot_ensemble");
    if (setting === undefined || ctx.train?.settings.optional.boolean("snapshot_ensemble") !== true) return;
    const lr = ctx.schedules.find((s) => s.key === "lr");
    if (lr === undefined) {
      ctx.out.push(
        diagnostic(
          "NN4015",
          "`snapshot_ensemble` needs cyclic learning rates: add `schedule { lr = cosine_restarts(10 epochs) }`",
          setting.statementSpan,
        ),
      );
      return;
    }
    const item = lr.items.length === 1 ? lr.items[0] : undefined;
    if (item === undefined || item.bound.entry.name !== "cosine_restarts") {
      ctx.out.push(
        diagnostic(
          "NN4015",
          "`snapshot_ensemble` takes a snapshot at the end of each cycle, so the lr schedule must be `cosine_restarts(...)` alone",
          lr.span,
        ),
      );
      return;
    }
    if (lr.plan?.kind !== "cosine_restarts") return;
    // The rate anneals per step (Huang et al.), but snapshots are taken at epoch ends, so cycles are counted in epochs.
    const cycle = epochCycles(item);
    if (cycle === undefined) {
      ctx.out.push(
        diagnostic(
          "NN4015",
          "`snapshot_ensemble` snapshots at epoch boundaries: give `cosine_restarts` its cycle length in epochs (e.g. `10 epochs`)",
          lr.span,
        ),
      );
      return;
    }
    const epochs = ctx.train?.settings.optional.number("epochs");
    if (epochs === undefined) return;
    // Two cycle ends are all this rule needs to know about.
    const ends = cycleEnds(cycle.T0, cycle.Tmult, epochs, 2);
    if (ends.length < 2) {
      ctx.out.push(
        diagnostic(
          "NN4015",
          `\`snapshot_ensemble\` needs at least two cycles, but ${ends.length === 0 ? "no cycle ends" : `only one cycle ends (epoch ${ends[0]})`} within ${epochs} epochs`,
          setting.statementSpan,
        ),
      );
    }
  },
};
