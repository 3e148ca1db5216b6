/**
 * The learning-rate schedule as torch.optim.lr_scheduler classes, stepped after every optimizer step (a
 * schedule counted in steps) or after every epoch (counted in epochs). Schedules PyTorch has no class for
 * (inverse square root with warm-up, inverse-time decay, a constant factor) are LambdaLR with the formula
 * written out; each schedule's definition (compiler/definitions/schedules/) writes its own. `then` sequences are
 * SequentialLR, each part restarting its own counter at its milestone.
 */
import type { Count, Plan, SchedulePlan } from "../ir.ts";
import { lrMultipliers } from "./emit-optimizer.ts";
import { optimizerOf } from "../definitions/optimizers/index.ts";
import { scheduleOf } from "../definitions/schedules/index.ts";
import { pyFloat, pyNum, pyStr } from "./literals.ts";

/**
 * A length or milestone: a number of steps, or — given partly in epochs while the data's size was unknown at
 * compile time — steps_of(steps, epochs, steps_per_epoch), resolved once the data is loaded.
 */
function count(c: Count): string {
  return typeof c === "number" ? pyNum(c) : `steps_of(${pyNum(c.steps)}, ${pyNum(c.epochs)}, steps_per_epoch)`;
}

function counts(cs: readonly Count[]): string {
  return `[${cs.map(count).join(", ")}]`;
}

/** `mults`: the learning-rate multiplier of each parameter group (one group of 1 for a stand-in optimizer). */
function scheduler(s: SchedulePlan, plan: Plan, mults: readonly number[] = lrMultipliers(plan)): string {
  if (s.kind !== "sequence") return scheduleOf(s).pytorch(s as never, { count, mults });
  return [
    `lr_scheduler.SequentialLR(`,
    `        optimizer,`,
    `        schedulers=[`,
    ...s.items.map((item) => `            ${scheduler(item, plan, mults).replace(/  # .*$/, "")},`),
    `        ],`,
    `        milestones=${counts(s.milestones)},`,
    `    )`,
  ].join("\n");
}

export function emitSchedule(plan: Plan): string {
  const s = plan.schedules.lr;
  const unit = s === undefined ? "None" : pyStr(s.kind === "reduce_on_plateau" ? "plateau" : s.unit);
  return [
    `SCHEDULE_UNIT = ${unit}  # the scheduler steps after every optimizer step ("steps"), every epoch ("epochs"), or on each evaluation ("plateau")`,
    `PLATEAU_METRIC = ${s?.kind === "reduce_on_plateau" ? pyStr(s.metric) : "None"}  # the metric reduce_on_plateau watches`,
    ``,
    ``,
    `def make_scheduler(optimizer: torch.optim.Optimizer, steps_per_epoch: int) -> Optional[Any]:`,
    `    """steps_per_epoch: optimizer steps in one epoch of the loaded training set (for lengths the spec gives in epochs)."""`,
    s === undefined ? `    return None  # a constant learning rate` : `    return ${scheduler(s, plan)}`,
  ].join("\n");
}

/** The hyperparameters other than the learning rate that the spec schedules, with their base values. */
function valueSchedules(plan: Plan): { key: string; base: number; schedule: SchedulePlan }[] {
  const s = plan.schedules;
  const out: { key: string; base: number; schedule: SchedulePlan }[] = [];
  const own = (x: SchedulePlan, fallback: number) => ("base" in x && x.base !== undefined ? x.base : fallback);
  const bases = optimizerOf(plan.optimizer).scheduled(plan.optimizer);
  const momentum = s.momentum ?? s.beta1;
  if (momentum !== undefined) {
    const key = bases.momentum?.name ?? "momentum";
    out.push({ key, base: own(momentum, bases.momentum?.base ?? 0), schedule: momentum });
  }
  if (s.weight_decay !== undefined)
    out.push({ key: "weight_decay", base: own(s.weight_decay, bases.weightDecay), schedule: s.weight_decay });
  if (s.ema !== undefined) out.push({ key: "ema", base: own(s.ema, plan.training.ema?.decay ?? 0), schedule: s.ema });
  if (s.dropout !== undefined) {
    for (const layer of plan.layers)
      if (layer.kind === "dropout") out.push({ key: `dropout:${layer.name}`, base: own(s.dropout, layer.p), schedule: s.dropout });
  }
  return out;
}

export function emitValueSchedules(plan: Plan): string {
  const items = valueSchedules(plan);
  const lines = [
    `def make_value_schedules(steps_per_epoch: int) -> Dict[str, "ValueSchedule"]:`,
    `    """Momentum (or β1), weight decay, EMA decay and dropout rates the spec schedules ("dropout:<layer>" per layer)."""`,
  ];
  if (items.length === 0) return [...lines, `    return {}`].join("\n");
  lines.push(`    return {`);
  for (const it of items) {
    const make = scheduler(it.schedule, plan, [1])
      .replace(/  # .*$/, "")
      .replace(/\n/g, "\n    ");
    lines.push(`        ${pyStr(it.key)}: ValueSchedule(${pyFloat(it.base)}, ${pyStr(it.schedule.unit)}, lambda optimizer: ${make}),`);
  }
  lines.push(`    }`);
  return lines.join("\n");
}
