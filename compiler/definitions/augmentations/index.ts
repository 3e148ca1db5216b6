/** Every augmentation; the registry, the checker and both code generators read augmentations from this list only. */
import type { AugmentPlan } from "../../../runtime/contract.ts";
import type { AugmentationDefinition } from "./definition.ts";
import { random_crop } from "./random-crop.ts";
import { hflip, vflip } from "./flip.ts";
import { translate } from "./translate.ts";
import { gaussian_noise } from "./gaussian-noise.ts";
import { cutout } from "./cutout.ts";
import { mixup } from "./mixup.ts";
import { cutmix } from "./cutmix.ts";

export const augmentationDefinitions = [random_crop, hflip, vflip, translate, gaussian_noise, cutout, mixup, cutmix] as const;

/** The definition of a registry name, or undefined for a name that is not an augmentation. */
export function augmentationNamed(name: string): AugmentationDefinition<AugmentPlan> | undefined {
  return augmentationDefinitions.find((d) => d.entry.name === name) as unknown as AugmentationDefinition<AugmentPlan> | undefined;
}

/** The definition of a plan's augmentation (the plan's kind is its registry name). */
export function augmentationOf(plan: AugmentPlan): AugmentationDefinition<AugmentPlan> {
  const definition = augmentationNamed(plan.kind);
  if (definition === undefined) throw new Error(`internal: no definition for augmentation ${plan.kind}`);
  return definition;
}
