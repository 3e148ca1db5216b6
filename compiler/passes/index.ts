/**
 * Lowering, as a list of named passes read top to bottom: the checked plan → tensors laid out → kernel
 * steps (with fusion) → arena buffers. Every stage is verified (./verify.ts) before the next pass runs, and
 * `nnc compile --dump-ir` prints it (./dump.ts). The code generator emits from the last stage.
 */
import type { Plan } from "../ir.ts";
import type { Lowered, Stage } from "./ir.ts";
import { passes } from "./list.ts";
import { verify } from "./verify.ts";

export type { Allocation, BufferPlan, Lowered, Pass, Stage, StageName } from "./ir.ts";
export { verify } from "./verify.ts";
export { dumpIr, dumpStage } from "./dump.ts";
export { passes } from "./list.ts";

/** Runs every pass, verifying each stage; `after` sees the plan and each pass's stage (for --dump-ir). */
export function lower(plan: Plan, after?: (stage: Stage) => void): Lowered {
  let ir: Stage = { stage: "plan", plan };
  check(ir);
  after?.(ir);
  for (const pass of passes) {
    ir = pass.run(ir);
    check(ir);
    after?.(ir);
  }
  if (ir.stage !== "buffers") throw new Error(`internal: lowering ended at the ${ir.stage} stage`);
  return ir;
}

/** Throws the stage's problems, one per line, naming the pass that produced it. */
function check(ir: Stage): void {
  const problems = verify(ir);
  if (problems.length > 0) throw new Error(`internal: the IR after ${ir.stage} is broken:\n  ${problems.join("\n  ")}`);
}

/** The stage names `--dump-ir=PASS` accepts: `plan`, then each pass's. */
export const stageNames: readonly string[] = ["plan", ...passes.map((p) => p.name)];

/** Every stage of lowering `plan`, in order (what `nnc compile --dump-ir` prints). */
export function lowerStages(plan: Plan): Stage[] {
  const stages: Stage[] = [];
  lower(plan, (s) => stages.push(s));
  return stages;
}
