/** The loss call of a generated module: one fused runtime kernel that returns the mean loss and writes its gradient into gradA. */
import type { Plan } from "../ir.ts";
import { lossOf } from "../definitions/losses/index.ts";

export interface LossCode {
  readonly imports: readonly string[];
  /** An expression computing the loss of `out` for `n` rows, writing d(loss)/d(out)·gradMul into gradA. */
  call(out: string, gradMul: string): string;
}

export function emitLoss(plan: Plan): LossCode {
  const loss = plan.loss;
  const definition = lossOf(loss);
  return {
    imports: definition.typescript.imports,
    call: (output, gradMul) => definition.typescript.call(loss, { output, width: plan.outputSize, gradMul }),
  };
}
