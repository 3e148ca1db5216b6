/** augment(x) of the script: the spec's per-image augmentations of a training batch, in the order given. */
import type { AugmentPlan } from "../ir.ts";
import { pyBool, pyFloat, pyNum, pyStr } from "./literals.ts";

function call(a: AugmentPlan): string {
  switch (a.kind) {
    case "random_crop":
      return `x = random_shift(x, ${pyNum(a.padding)}, ${pyNum(a.padding)})  # random_crop: zero-pad, then crop back at a random offset`;
    case "translate":
      return `x = random_shift(x, int(${pyFloat(a.fraction)} * x.shape[-2]) if x.dim() == 4 else 0, int(${pyFloat(a.fraction)} * x.shape[-1]))  # translate by up to a fraction of the size`;
    case "hflip":
      return `x = random_flip(x, ${pyFloat(a.p)}, vertical=${pyBool(false)})`;
    case "vflip":
      return `x = random_flip(x, ${pyFloat(a.p)}, vertical=${pyBool(true)})`;
    case "gaussian_noise":
      return `x = gaussian_noise(x, ${pyFloat(a.std)})`;
    case "cutout":
      return `x = cutout(x, ${pyNum(a.size)}, ${pyFloat(a.p)})`;
    case "mixup":
    case "cutmix":
      throw new Error(`internal: ${a.kind} reached the PyTorch emitter (support.ts rejects it)`);
  }
}

export function emitAugment(augment: readonly AugmentPlan[]): string {
  const mixes = augment.flatMap((a) =>
    a.kind === "mixup" || a.kind === "cutmix" ? [`(${pyStr(a.kind)}, ${pyFloat(a.alpha)}, ${pyFloat(a.p)})`] : [],
  );
  return [
    `MIXES = [${mixes.join(", ")}]  # label-mixing augmentations: (kind, alpha, p)`,
    ``,
    ``,
    `def augment(x: torch.Tensor) -> torch.Tensor:`,
    `    """The spec's augmentations of one training batch (after preprocessing); evaluation never sees them."""`,
    ...augment.filter((a) => a.kind !== "mixup" && a.kind !== "cutmix").map((a) => `    ${call(a)}`),
    `    return x`,
  ].join("\n");
}
