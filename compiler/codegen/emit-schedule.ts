/**
 * A schedule becomes the body of a small method `(step, epoch) => value`: straight calls to the runtime's
 * pure schedule functions with literal arguments. A sequence becomes an if-chain over its milestones,
 * each piece restarting its own counter (PyTorch's SequentialLR). A length given in epochs inside a
 * step-counted schedule, when the steps per epoch were unknown at compile time, becomes
 * `stepsOf(steps, epochs, this.stepsPerEpoch)`, which the training loop fills in once the data is loaded.
 */
import type { Count, SchedulePlan } from "../ir.ts";
import { scheduleOf } from "../definitions/schedules/index.ts";
import { num } from "./literals.ts";

export interface ScheduleCode {
  readonly body: string;
  readonly imports: readonly string[];
}

/** Body of a method returning the scheduled value; `base` is the hyperparameter's base value. */
export function emitSchedule(plan: SchedulePlan, base: number): ScheduleCode {
  const imports = new Set<string>();
  const counter = plan.unit === "steps" ? "step" : "epoch";
  const body = emitPiece(plan, base, counter, imports);
  return { body, imports: [...imports].sort() };
}

/** A count as a literal, or as the runtime conversion of its epochs. */
function count(c: Count, imports: Set<string>): string {
  if (typeof c === "number") return num(c);
  imports.add("stepsOf");
  return `stepsOf(${num(c.steps)}, ${num(c.epochs)}, this.stepsPerEpoch)`;
}

function emitPiece(plan: SchedulePlan, defaultBase: number, k: string, imports: Set<string>): string {
  const b = num("base" in plan && plan.base !== undefined ? plan.base : defaultBase);
  const n = (c: Count) => count(c, imports);
  const call = (fn: string, args: string) => {
    imports.add(fn);
    return `return ${fn}(${k}, ${args});`;
  };
  if (plan.kind !== "sequence") return scheduleOf(plan).typescript(plan as never, { base: b, count: n, call });
  const lines: string[] = [];
  plan.items.forEach((item, i) => {
    const start = i === 0 ? "0" : n(plan.milestones[i - 1]);
    const local = i === 0 ? k : `${k}Local${i}`;
    const inner = emitPiece(item, defaultBase, local, imports);
    const decl = i === 0 ? "" : `const ${local} = ${k} - ${start};\n`;
    if (i < plan.items.length - 1) lines.push(`if (${k} < ${n(plan.milestones[i])}) {\n${decl}${inner}\n}`);
    else lines.push(`${decl}${inner}`);
  });
  return lines.join("\n");
}

/** One-cycle momentum (cycle_momentum): the momentum/β1 counterpart of an lr one_cycle schedule. */
export function emitOneCycleMomentum(plan: SchedulePlan): ScheduleCode | undefined {
  if (plan.kind !== "one_cycle" || !plan.cycleMomentum) return undefined;
  const imports = new Set<string>(["oneCycleMomentum"]);
  const total = count(plan.total, imports);
  return {
    body: `return oneCycleMomentum(step, ${total}, ${num(plan.pct)}, "${plan.anneal}", ${plan.threePhase}, ${num(plan.baseMomentum)}, ${num(plan.maxMomentum)});`,
    imports: [...imports].sort(),
  };
}
