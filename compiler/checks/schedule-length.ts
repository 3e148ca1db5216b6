/** A decaying schedule that ends before or after training is probably a miscount: warn. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import type { Duration } from "../ir.ts";
import type { ScheduleDraft } from "../plan/schedule.ts";

const ending = new Set(["cosine", "polynomial", "one_cycle"]);

/** Whether the schedule's durations are given in both steps and epochs. */
function mixesUnits(s: ScheduleDraft): boolean {
  const units = new Set<string>();
  for (const it of s.items) {
    if (it.forDuration !== undefined) units.add(it.forDuration.unit);
    for (const [, b] of it.bound.args) {
      const values = Array.isArray(b.value) ? b.value : [b.value];
      for (const v of values) if (typeof v === "object" && v !== null && "unit" in v && "amount" in v) units.add((v as Duration).unit);
    }
  }
  return units.size > 1;
}

export const scheduleLength: Rule = {
  name: "schedule-length",
  run(ctx) {
    const epochs = ctx.train?.settings.optional.number("epochs");
    const steps = ctx.train?.settings.optional.number("steps");
    for (const s of ctx.schedules) {
      const last = s.items[s.items.length - 1];
      // A length still in epochs (steps per epoch unknown) is compared once the data is loaded, not here.
      if (last === undefined || !ending.has(last.bound.entry.name) || s.items.some((it) => typeof it.length !== "number")) continue;
      const total = s.items.reduce((sum, it) => sum + (it.length as number), 0);
      let run: number | undefined;
      if (s.unit === "epochs")
        run = epochs ?? (steps !== undefined && ctx.stepsPerEpoch !== undefined ? steps / ctx.stepsPerEpoch : undefined);
      else run = steps ?? (epochs !== undefined && ctx.stepsPerEpoch !== undefined ? epochs * ctx.stepsPerEpoch : undefined);
      if (run === undefined || run === total) continue;
      // Steps then epochs (`linear(…, 500 steps) then cosine(19 epochs)` in a 20-epoch run) cannot come out to
      // the exact step: less than an epoch's difference is what the writer meant.
      if (mixesUnits(s) && ctx.stepsPerEpoch !== undefined && Math.abs(run - total) < ctx.stepsPerEpoch) continue;
      const how = total > run ? "longer" : "shorter";
      const effect = total > run ? "it is cut off before reaching its end" : "the rest of training runs at its final value";
      ctx.out.push(
        diagnostic(
          "NN4007",
          `schedule \`${s.key}\` lasts ${total} ${s.unit}, ${how} than training (${run} ${s.unit}): ${effect}`,
          s.span,
          "warning",
        ),
      );
    }
  },
};
