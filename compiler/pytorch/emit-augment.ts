/**
 * augment(x) of the script: the spec's per-image augmentations of a training batch, in the order given,
 * each written by its definition (compiler/definitions/augmentations/); label-mixing ones are listed in MIXES.
 */
import type { AugmentPlan } from "../ir.ts";
import { augmentationOf } from "../definitions/augmentations/index.ts";

export function emitAugment(augment: readonly AugmentPlan[]): string {
  const emitted = augment.map((a) => augmentationOf(a).pytorch(a));
  const mixes = emitted.flatMap((e) => ("mix" in e ? [e.mix] : []));
  const transforms = emitted.flatMap((e) => ("transform" in e ? [`    ${e.transform}`] : []));
  return [
    `MIXES = [${mixes.join(", ")}]  # label-mixing augmentations: (kind, alpha, p)`,
    ``,
    ``,
    `def augment(x: torch.Tensor) -> torch.Tensor:`,
    `    """The spec's augmentations of one training batch (after preprocessing); evaluation never sees them."""`,
    ...transforms,
    `    return x`,
  ].join("\n");
}
