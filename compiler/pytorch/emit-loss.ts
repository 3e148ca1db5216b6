/** The PyTorch target's `loss_sum`: the loss summed over a batch, from the loss's definition (compiler/definitions/losses). */
import type { LossPlan } from "../ir.ts";
import { lossOf } from "../definitions/losses/index.ts";

export function emitLoss(loss: LossPlan): string {
  return lossOf(loss).pytorch(loss);
}
