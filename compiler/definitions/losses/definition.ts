/**
 * What a loss is, in every phase: its registry entry, its plan, the fused runtime kernel of the generated
 * TypeScript (a loss object over the runtime's fused kernel: mean loss out, gradient into gradA), and the `loss_sum` function of the PyTorch target.
 * Adding one is a definition here, its kernel (runtime/kernels/losses.ts), and a line in index.ts.
 */
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";

export interface LossDefinition<L extends { readonly kind: string }> {
  readonly kind: L["kind"];
  readonly entry: RegistryEntry;
  plan(call: CheckedCall): L;
  /**
   * The loss object the generated model builds once (runtime/layers: `CrossEntropyLoss`), whose
   * `lossAndGradient(n, scores, labels, gradMul)` returns the mean loss of `n` rows and writes
   * d(loss)/d(scores)·gradMul into `this.gradA`, and whose `loss(n, scores, labels)` returns it alone.
   */
  readonly typescript: {
    /** Its runtime class, which is also its import. */
    readonly type: string;
    /** Its settings object for `width` scores per row (`grad` is `this.gradA`). */
    settings(loss: L, width: number): string;
    /** What it compares the scores with: the batch's class labels or its target rows. */
    readonly against: "labels" | "targets";
  };
  /** Python: `def loss_sum(outputs, y)` (and any helper it needs), the loss summed over the batch. */
  pytorch(loss: L): string;
}

/** The first line of every PyTorch loss function. */
export const LOSS_SUM_HEAD = `def loss_sum(outputs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:`;
