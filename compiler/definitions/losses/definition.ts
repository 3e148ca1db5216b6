/**
 * What a loss is, in every phase: its registry entry, its plan, the fused runtime kernel of the generated
 * TypeScript (mean loss out, gradient into gradA), and the `loss_sum` function of the PyTorch target.
 * Adding one is a definition here, its kernel (runtime/kernels/losses.ts), and a line in index.ts.
 */
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";

/** The operands of the generated loss call, as expressions. */
export interface LossCall {
  /** The scores (the last layer's output buffer). */
  readonly output: string;
  /** Features per row of the scores. */
  readonly width: number;
  /** What d(loss)/d(scores) is multiplied by (1, or 1/k when accumulating k batches). */
  readonly gradMul: string;
}

export interface LossDefinition<L extends { readonly kind: string }> {
  readonly kind: L["kind"];
  readonly entry: RegistryEntry;
  plan(call: CheckedCall): L;
  readonly typescript: {
    readonly imports: readonly string[];
    /** An expression computing the mean loss of `n` rows, writing d(loss)/d(scores)·gradMul into `this.gradA`. */
    call(loss: L, c: LossCall): string;
  };
  /** Python: `def loss_sum(outputs, y)` (and any helper it needs), the loss summed over the batch. */
  pytorch(loss: L): string;
}

/** The first line of every PyTorch loss function. */
export const LOSS_SUM_HEAD = `def loss_sum(outputs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:`;
