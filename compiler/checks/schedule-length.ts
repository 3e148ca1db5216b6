/** A decaying schedule that ends before or after training is probably a miscount: warn. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import { setting } from "../settings.ts";

const ending = new Set(["cosine", "polynomial", "one_cycle"]);

export const scheduleLength: Rule = {
  name: "schedule-length",
  run(ctx) {
    const epochs = setting<number>(ctx.train, "epochs");
    const steps = setting<number>(ctx.train, "steps");
    for (const s of ctx.schedules) {
      const last = s.items[s.items.length - 1];
      // A length still in epochs (steps per epoch unknown) is compared once the data is loaded, not here.
      if (last === undefined || !ending.has(last.bound.entry.name) || s.items.some((it) => typeof it.length !== "number")) continue;
      const total = s.items.reduce((sum, it) => sum + (it.length as number), 0);
      let run: number | undefined;
      if (s.unit === "epochs") run = epochs ?? (steps !== undefined && ctx.stepsPerEpoch !== undefined ? steps / ctx.stepsPerEpoch : undefined);
      else run = steps ?? (epochs !== undefined && ctx.stepsPerEpoch !== undefined ? epochs * ctx.stepsPerEpoch : undefined);
      if (run === undefined || run === total) continue;
      const how = total > run ? "longer" : "shorter";
      const effect = total > run ? "it is cut off before reaching its end" : "the rest of training runs at its final value";
      ctx.out.push(
        diagnostic("NN4007", `schedule \`${s.key}\` lasts ${total} ${s.unit}, ${how} than training (${run} ${s.unit}): ${effect}`, s.span, "warning"),
      );
    }
  },
};
