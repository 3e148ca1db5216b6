/**
 * augment(x) of the script: the spec's per-image augmentations of a training batch, in the order given,
 * each written by its definition (compiler/definitions/augmentations/); label-mixing ones are listed in MIXES.
 * test_time_views(x): the data block's `tta`, whose outputs evaluation averages with the batch's own.
 */
import type { AugmentPlan, ViewPlan } from "../ir.ts";
import { augmentationOf } from "../definitions/augmentations/index.ts";
import { viewOf } from "../definitions/views/index.ts";

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

export function emitTestTimeViews(views: readonly ViewPlan[]): string {
  return [
    `def test_time_views(x: torch.Tensor) -> List[torch.Tensor]:`,
    `    """The data block's \`tta\`: views of an evaluation batch; evaluation averages their outputs with the batch's own."""`,
    `    return [${views.map((v) => viewOf(v).pytorch).join(", ")}]`,
  ].join("\n");
}
