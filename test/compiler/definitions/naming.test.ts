/**
 * Every family of definitions (compiler/definitions/<family>/) exports its one list under one naming scheme,
 * `<family in the singular>Definitions` (layerDefinitions, optimizerDefinitions, …), so a reader (and the
 * registry) finds any family's list by the same name; a new family folder fails here until it follows it.
 */
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../../compiler/definitions");

/** The singular each family's list is named after. */
const singular: Record<string, string> = {
  activations: "activation",
  augmentations: "augmentation",
  initializers: "initializer",
  layers: "layer",
  losses: "loss",
  noise: "noise",
  optimizers: "optimizer",
  preprocessing: "preprocessing",
  regularizers: "regularizer",
  schedules: "schedule",
  sources: "source",
  views: "view",
};

const families = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, e.name, "index.ts")))
  .map((e) => e.name)
  .sort();

describe("definition lists share one name scheme", () => {
  it("knows every family folder", () => {
    expect(families).toEqual(Object.keys(singular).sort());
  });

  for (const family of families) {
    it(`${family}/index.ts exports its list as ${singular[family]}Definitions and no other *s list`, async () => {
      const module = (await import(join(root, family, "index.ts"))) as Record<string, unknown>;
      const list = module[`${singular[family]}Definitions`];
      expect(Array.isArray(list) && list.length > 0).toBe(true);
      const otherLists = Object.entries(module)
        .filter(([name, value]) => Array.isArray(value) && value === list && name !== `${singular[family]}Definitions`)
        .map(([name]) => name);
      expect(otherLists).toEqual([]);
    });
  }
});
