/**
 * A schedule becomes the body of a small method `(step, epoch) => value`: straight calls to the runtime's
 * pure schedule functions with literal arguments. A sequence becomes an if-chain over its milestones,
 * each piece restarting its own counter (PyTorch's SequentialLR).
 */
import type { SchedulePlan } from "../ir.ts";
import { num, numList } from "./literals.ts";

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

function emitPiece(plan: SchedulePlan, base: number, k: string, imports: Set<string>): string {
  const b = num(base);
  const call = (fn: string, args: string) => {
    imports.add(fn);
    return `return ${fn}(${k}, ${args});`;
  };
  switch (plan.kind) {
    case "constant":
      return call("constantSchedule", `${b}, ${num(plan.factor)}`);
    case "step":
      return call("stepSchedule", `${b}, ${num(plan.size)}, ${num(plan.gamma)}`);
    case "multistep":
      return call("multistepSchedule", `${b}, ${numList(plan.milestones)}, ${num(plan.gamma)}`);
    case "exponential":
      return call("exponentialSchedule", `${b}, ${num(plan.gamma)}`);
    case "inverse_time":
      return call("inverseTimeSchedule", `${b}, ${num(plan.decay)}`);
    case "cosine":
      return call("cosineSchedule", `${b}, ${num(plan.T)}, ${num(plan.min)}`);
    case "cosine_restarts":
      return call("cosineRestartsSchedule", `${b}, ${num(plan.T0)}, ${num(plan.Tmult)}, ${num(plan.min)}`);
    case "linear":
      return call("linearSchedule", `${b}, ${num(plan.from)}, ${num(plan.to)}, ${num(plan.steps)}`);
    case "inverse_sqrt":
      return call("inverseSqrtSchedule", `${b}, ${num(plan.warmup)}`);
    case "polynomial":
      return call("polynomialSchedule", `${b}, ${num(plan.steps)}, ${num(plan.power)}`);
    case "one_cycle":
      return call(
        "oneCycleLr",
        `${num(plan.max)}, ${num(plan.total)}, ${num(plan.pct)}, "${plan.anneal}", ${num(plan.div)}, ${num(plan.finalDiv)}, ${plan.threePhase}`,
      );
    case "reduce_on_plateau":
      return "return this.plateauValue;";
    case "sequence": {
      const lines: string[] = [];
      plan.items.forEach((item, i) => {
        const start = i === 0 ? 0 : plan.milestones[i - 1];
        const local = i === 0 ? k : `${k}Local${i}`;
        const inner = emitPiece(item, base, local, imports);
        const decl = i === 0 ? "" : `const ${local} = ${k} - ${start};\n`;
        if (i < plan.items.length - 1) lines.push(`if (${k} < ${plan.milestones[i]}) {\n${decl}${inner}\n}`);
        else lines.push(`${decl}${inner}`);
      });
      return lines.join("\n");
    }
  }
}

/** One-cycle momentum (cycle_momentum): the momentum/β1 counterpart of an lr one_cycle schedule. */
export function emitOneCycleMomentum(plan: SchedulePlan): ScheduleCode | undefined {
  if (plan.kind !== "one_cycle" || !plan.cycleMomentum) return undefined;
  return {
    body: `return oneCycleMomentum(step, ${num(plan.total)}, ${num(plan.pct)}, "${plan.anneal}", ${plan.threePhase}, ${num(plan.baseMomentum)}, ${num(plan.maxMomentum)});`,
    imports: ["oneCycleMomentum"],
  };
}
