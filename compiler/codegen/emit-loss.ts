/** The loss call of a generated module: one fused runtime kernel that returns the mean loss and writes its gradient into gradA. */
import type { Plan } from "../ir.ts";
import { num } from "./literals.ts";

export interface LossCode {
  readonly imports: readonly string[];
  /** An expression computing the loss of `out` for `n` rows, writing d(loss)/d(out)·gradMul into gradA. */
  call(out: string, gradMul: string): string;
}

export function emitLoss(plan: Plan): LossCode {
  const C = plan.outputSize;
  const loss = plan.loss;
  switch (loss.kind) {
    case "cross_entropy":
      return {
        imports: ["softmaxCrossEntropy"],
        call: (out, mul) => `softmaxCrossEntropy(n, ${C}, ${out}, 0, labels, 0, ${num(loss.labelSmoothing)}, this.gradA, 0, ${mul})`,
      };
    case "hinge":
      return {
        imports: ["hingeLoss"],
        call: (out, mul) => `hingeLoss(n, ${C}, ${out}, 0, labels, 0, ${num(loss.margin)}, this.gradA, 0, ${mul})`,
      };
    case "mse":
      return {
        imports: ["mseLoss"],
        call: (out, mul) => `mseLoss(n, ${C}, ${out}, 0, targets, 0, this.gradA, 0, ${mul})`,
      };
  }
}
