/**
 * The registry: the single source of truth for every callable name and setting key of the language.
 * The checker validates against it, the code generator reads it, the editor shows its docs on hover.
 */
import type { RegistryEntry, Role, SettingsSpec } from "./types.ts";
import * as layers from "./layers/index.ts";
import * as activations from "./activations/index.ts";
import * as losses from "./losses/index.ts";
import * as initializers from "./initializers/index.ts";
import { optimizers } from "../definitions/optimizers/index.ts";
import * as schedules from "./schedules/index.ts";
import * as regularizers from "./regularizers/index.ts";
import * as noise from "./noise/index.ts";
import { preprocessing } from "../definitions/preprocessing/index.ts";
import { augmentations } from "../definitions/augmentations/index.ts";
import * as sources from "./sources/index.ts";
import * as metrics from "./metrics/index.ts";
import * as settings from "./settings/index.ts";

export type { DefaultValue, ParamSpec, ParamType, Range, RegistryEntry, Role, SettingsSpec } from "./types.ts";
export { inRange, range } from "./range.ts";

export const registry: readonly RegistryEntry[] = [
  ...Object.values(layers),
  ...Object.values(activations),
  ...Object.values(losses),
  ...Object.values(initializers),
  ...optimizers.map((d) => d.entry),
  ...Object.values(schedules),
  ...Object.values(regularizers),
  ...Object.values(noise),
  ...preprocessing.map((d) => d.entry),
  ...augmentations.map((d) => d.entry),
  ...Object.values(sources),
  ...Object.values(metrics),
];

/** Entries usable in a role; layers and activations are both allowed where a layer stands. */
export function entriesFor(role: Role): readonly RegistryEntry[] {
  return registry.filter((e) => e.role === role);
}

/** Looks a name (or alias) up among the entries of a role. */
export function lookup(role: Role, name: string): RegistryEntry | undefined {
  return registry.find((e) => e.role === role && (e.name === name || (e.aliases ?? []).includes(name)));
}

/** All names and aliases of a role, for did-you-mean. */
export function namesFor(role: Role): string[] {
  return entriesFor(role).flatMap((e) => [e.name, ...(e.aliases ?? [])]);
}

export const settingsSpecs: Readonly<Record<string, SettingsSpec>> = {
  model: settings.modelSettings,
  data: settings.dataSettings,
  train: settings.trainSettings,
  schedule: settings.scheduleSettings,
  early_stopping: settings.earlyStoppingSettings,
  ema: settings.emaSettings,
  layer: settings.layerOverrides,
};

/** The top-level blocks of a file. */
export const topLevelBlocks = ["model", "data", "train"] as const;

/** Role words used in messages ("unknown optimizer `adma`"). */
export const roleNoun: Readonly<Record<Role, string>> = {
  layer: "layer",
  activation: "activation",
  loss: "loss",
  initializer: "initializer",
  optimizer: "optimizer",
  schedule: "schedule",
  regularizer: "regularizer",
  noise: "noise kind",
  preprocess: "preprocessing step",
  augment: "augmentation",
  source: "data source",
  metric: "metric",
};
