/**
 * What an augmentation is, once, for every phase: its registry entry, its plan (the runtime's AugmentOp,
 * field for field: the generated module lists the plans as its AUGMENT constant and the runtime's
 * Augmenter applies them), and its line in the PyTorch script. Adding one is a definition file, its case
 * in runtime/data/augment, and a line in ./index.ts.
 */
import type { AugmentPlan } from "../../../runtime/contract.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Arguments } from "../call.ts";

/**
 * In the PyTorch script: a per-image transform, one line of `augment(x)`, or a label-mixing augmentation,
 * one `(kind, alpha, p)` entry of MIXES that the training step applies with the loss.
 */
export type PyTorchAugmentation = { readonly transform: string } | { readonly mix: string };

export interface AugmentationDefinition<P extends AugmentPlan> {
  readonly entry: RegistryEntry;
  plan(args: Arguments): P;
  /** Mixes examples and their labels (mixup, cutmix): the loss is then taken against soft labels. */
  readonly mixesLabels: boolean;
  pytorch(plan: P): PyTorchAugmentation;
}

export function defineAugmentation<P extends AugmentPlan>(definition: AugmentationDefinition<P>): AugmentationDefinition<P> {
  return definition;
}
