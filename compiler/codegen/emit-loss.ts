/**
 * The loss of a generated module: one loss object (runtime/layers) built once in the constructor as
 * `this.criterion`, PyTorch's name for it, whose methods call the fused kernel that returns the mean loss
 * and writes its gradient into gradA.
 */
import type { Plan } from "../ir.ts";
import { lossOf } from "../definitions/losses/index.ts";

export interface LossCode {
  /** The loss object's class, which is also its import. */
  readonly type: string;
  /** The constructor expression of `this.criterion`. */
  readonly initializer: string;
  /** An expression computing the loss of `out` for `n` rows, writing d(loss)/d(out)·gradMul into gradA. */
  call(out: string, gradMul: string): string;
  /** An expression computing the loss of `out` for `n` rows alone. */
  value(out: string): string;
}

export function emitLoss(plan: Plan): LossCode {
  const loss = plan.loss;
  const ts = lossOf(loss).typescript;
  return {
    type: ts.type,
    initializer: `new ${ts.type}(${ts.settings(loss, plan.outputSize)})`,
    call: (out, gradMul) => `this.criterion.lossAndGradient(n, ${out}, ${ts.against}, ${gradMul})`,
    value: (out) => `this.criterion.loss(n, ${out}, ${ts.against})`,
  };
}
