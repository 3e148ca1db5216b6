/**
 * The registry: the single source of truth for every callable name and setting key of the language.
 * The checker validates against it, the code generator reads it, the editor shows its docs on hover.
 * Layers, activations, losses and initializers come from their definition lists (compiler/definitions),
 * so a name the registry knows is one every phase can build and emit.
 */
import type { RegistryEntry, Role, SettingsSpec } from "./types.ts";
import { layerDefinitions, reservedLayers } from "../definitions/layers/index.ts";
import { activationDefinitions } from "../definitions/activations/index.ts";
import { lossDefinitions } from "../definitions/losses/index.ts";
import { initializerDefinitions } from "../definitions/initializers/index.ts";
import { optimizerDefinitions } from "../definitions/optimizers/index.ts";
import { scheduleDefinitions } from "../definitions/schedules/index.ts";
import { regularizerDefinitions } from "../definitions/regularizers/index.ts";
import { noiseDefinitions } from "../definitions/noise/index.ts";
import { preprocessingDefinitions } from "../definitions/preprocessing/index.ts";
import { augmentationDefinitions } from "../definitions/augmentations/index.ts";
import { viewDefinitions } from "../definitions/views/index.ts";
import { sourceDefinitions } from "../definitions/sources/index.ts";
import * as metrics from "./metrics/index.ts";
import * as settings from "./settings/index.ts";

export type { DefaultValue, ParamSpec, ParamType, Range, RegistryEntry, Role, SettingsSpec } from "./types.ts";
export { inRange, range } from "./range.ts";

/** Layer names: every layer definition's (an activation layer's are the activations', listed below), then the reserved ones. */
const layerNames = layerDefinitions.flatMap((d) => d.entries.map((e) => e.entry)).filter((e) => e.role === "layer");

export const registry: readonly RegistryEntry[] = [
  ...layerNames,
  ...reservedLayers,
  ...activationDefinitions.map((d) => d.entry),
  ...lossDefinitions.map((d) => d.entry),
  ...initializerDefinitions.map((d) => d.entry),
  ...optimizerDefinitions.map((d) => d.entry),
  ...scheduleDefinitions.map((d) => d.entry),
  ...regularizerDefinitions.map((d) => d.entry),
  ...noiseDefinitions.map((d) => d.entry),
  ...preprocessingDefinitions.map((d) => d.entry),
  ...augmentationDefinitions.map((d) => d.entry),
  ...viewDefinitions.map((d) => d.entry),
  ...sourceDefinitions.map((d) => d.entry),
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
  view: "test-time view",
  source: "data source",
  metric: "metric",
};
