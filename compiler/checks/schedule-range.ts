/**
 * A scheduled hyperparameter must stay in its range over the whole run, as a fixed one must: schedules are
 * known at compile time, so momentum ramping to 1.25 or dropout reaching 1.5 is an error here, with the
 * value, where it is reached and the values the schedule runs through, at the schedule's span.
 */
import { diagnostic } from "../diagnostics.ts";
import type { CheckContext, Rule } from "../context.ts";
import type { Count, TimeUnit } from "../ir.ts";
import { inRange, range } from "../registry/index.ts";
import type { Range } from "../registry/index.ts";
import { NOMINAL_STEPS_PER_EPOCH, scheduleRange, type ValueAt } from "../plan/schedule-values.ts";
import type { ScheduleDraft } from "../plan/schedule.ts";

/** What each scheduled hyperparameter may be (a rate may anneal to 0; probabilities and decays stay below 1). */
const allowed: Readonly<Record<string, Range>> = {
  lr: range("[0, ∞)"),
  momentum: range("[0, 1)"),
  beta1: range("[0, 1)"),
  weight_decay: range("[0, ∞)"),
  dropout: range("[0, 1)"),
  ema: range("[0, 1)"),
  weight_noise: range("[0, ∞)"),
  gradient_noise: range("[0, ∞)"),
};

/** The values a schedule multiplies: one per dropout layer, else the hyperparameter's own. */
function bases(ctx: CheckContext, key: string): { base: number; what: string }[] {
  // The optimizer's own value (absent when it has no such parameter, or the value had an error).
  const o = ctx.optimizer;
  const arg = (name: string) => (o?.args.declares(name) === true ? o.args.optional.number(name) : undefined);
  const base = (value: number | undefined) => (value === undefined ? [] : [{ base: value, what: "" }]);
  switch (key) {
    case "lr":
    case "momentum":
    case "weight_decay":
      return base(arg(key));
    case "beta1":
      return base(o?.args.declares("betas") === true ? o.args.optional.numbers("betas")?.[0] : undefined);
    case "ema": {
      const ema = ctx.train?.blocks.get("ema");
      return ema === undefined ? [] : base(ema.settings.optional.number("decay") ?? 0.999);
    }
    case "weight_noise":
    case "gradient_noise": {
      const call = (ctx.train?.settings.optional.calls("noise") ?? []).find((b) => b.entry.name === key);
      return base(call?.args.optional.number(key === "weight_noise" ? "std" : "eta"));
    }
    case "dropout":
      return ctx.layers.flatMap((l) =>
        l.plan.kind === "dropout" ? [{ base: l.plan.p, what: ` for \`${l.plan.name}\` (p = ${l.plan.p})` }] : [],
      );
    default:
      return [];
  }
}

/** The run's length in the schedule's counter, when the spec says it. */
function runLength(ctx: CheckContext, s: ScheduleDraft): Count | undefined {
  const epochs = ctx.train?.settings.optional.number("epochs");
  const steps = ctx.train?.settings.optional.number("steps");
  const spe = ctx.stepsPerEpoch;
  if (s.unit === "epochs") return epochs ?? (steps !== undefined && spe !== undefined ? Math.ceil(steps / spe) : undefined);
  return steps ?? (epochs === undefined ? undefined : spe !== undefined ? epochs * spe : { steps: 0, epochs });
}

function where(v: ValueAt, unit: TimeUnit, sequence: boolean): string {
  const counter = unit === "steps" ? "step" : "epoch";
  if (v.at !== undefined) return `at ${counter} ${v.at}`;
  return `${Math.round(100 * (v.fraction ?? 0))}% into its \`${v.piece}\`${sequence ? " part" : ""}`;
}

function shown(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export const scheduleRangeRule: Rule = {
  name: "schedule-range",
  run(ctx) {
    for (const s of ctx.schedules) {
      const limits = allowed[s.key];
      if (s.plan === undefined || limits === undefined) continue;
      const run = runLength(ctx, s);
      for (const { base, what } of bases(ctx, s.key)) {
        const r = scheduleRange(s.plan, { base, run, stepsPerEpoch: ctx.stepsPerEpoch, allowed: (v) => inRange(v, limits) });
        if (r?.firstOutside === undefined) continue;
        const bad = r.firstOutside;
        const sequence = s.plan.kind === "sequence";
        const reach = `reaches ${shown(bad.value)} ${where(bad, s.unit, sequence)}`;
        const assumed = r.nominal ? `, counting ${NOMINAL_STEPS_PER_EPOCH} steps per epoch until the data's size is known` : "";
        const course = `its values run from ${shown(r.min.value)} to ${shown(r.max.value)}${assumed}`;
        ctx.out.push(
          diagnostic(
            "NN3002",
            `\`${s.key}\` schedule${what} ${reach}, outside ${limits.text} (${course}); ${s.key} must stay in ${limits.text} over the whole run`,
            s.span,
          ),
        );
      }
    }
  },
};
