/**
 * Augmentation members of a generated model: the spec's operations as a constant, an Augmenter the
 * training loop drives through `augmentBatch`, and — when mixup or cutmix is listed — the switch that
 * makes the next loss use the mixed soft labels.
 */
import type { Plan } from "../ir.ts";
import { augmentationOf } from "../definitions/augmentations/index.ts";
import { num } from "./literals.ts";

export interface AugmentCode {
  readonly imports: readonly string[];
  /** Module-level declaration of AUGMENT, or "" without augmentation. */
  readonly constant: string;
  /** Class members (property initializers and the augmentBatch method body), empty without augmentation. */
  readonly properties: readonly { name: string; initializer: string }[];
  readonly augmentBody: string | undefined;
  /** Wraps the loss expression so a mixed batch is scored against its soft labels. */
  lossWithMix(hardLoss: string, out: string, gradMul: string): string;
  /** Statements to run before the loss expression in lossAndGradient. */
  readonly beforeLoss: string;
}

export function emitAugment(plan: Plan): AugmentCode {
  const ops = plan.data?.augment ?? [];
  if (ops.length === 0) return { imports: [], constant: "", properties: [], augmentBody: undefined, lossWithMix: (l) => l, beforeLoss: "" };
  const mixes = ops.some((o) => augmentationOf(o).mixesLabels);
  const smoothing = plan.loss.kind === "cross_entropy" ? plan.loss.labelSmoothing : 0;
  const literal = ops.map(
    (o) =>
      `{ ${Object.entries(o)
        .map(([k, v]) => `${k}: ${typeof v === "number" ? num(v) : JSON.stringify(v)}`)
        .join(", ")} }`,
  );
  return {
    imports: ["Augmenter", "type AugmentOp"],
    constant: `/** The data block's augmentation, applied to every training batch in this order. */\nconst AUGMENT: readonly AugmentOp[] = [${literal.join(", ")}];`,
    properties: [
      { name: "augmenter", initializer: `new Augmenter(AUGMENT, INPUT_SHAPE, OUTPUT_SIZE, MAX_BATCH, ${num(smoothing)}, PRECISION)` },
      ...(mixes ? [{ name: "mixed", initializer: "false" }] : []),
    ],
    augmentBody: mixes
      ? `this.augmenter.apply(x, labels, n, this.rng);\nthis.mixed = true;`
      : `this.augmenter.apply(x, labels, n, this.rng);`,
    lossWithMix: (hard, out, mul) =>
      // mixup and cutmix are checked to come with cross-entropy (compiler/checks/augment.ts): the criterion is a CrossEntropyLoss.
      mixes ? `mixed ? this.criterion.lossAndGradientSoft(n, ${out}, this.augmenter.soft, ${mul}) : ${hard}` : hard,
    beforeLoss: mixes ? `const mixed = this.mixed;\nthis.mixed = false;` : "",
  };
}
