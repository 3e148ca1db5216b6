/**
 * Every preprocessing step is one definition with every piece: a registry entry, a plan the runtime fits
 * and applies (it changes the data), and an entry of the PyTorch script's PREPROCESS that the script's
 * Python (compiler/pytorch/python/preprocess.py) knows by kind.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyPreprocessing, datasetFromArrays, fitPreprocessing } from "../../../runtime/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { preprocessingDefinitions, preprocessingNamed } from "../../../compiler/definitions/preprocessing/index.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const python = readFileSync(fileURLToPath(new URL("../../../compiler/pytorch/python/preprocess.py", import.meta.url)), "utf8");

/** The entry's defaults as checked arguments; a required parameter gets its first word (enums) or 0.25. */
function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  for (const p of entry.params) {
    const value = p.required ? (p.type.kind === "enum" ? p.type.values[0] : 0.25) : p.default;
    args.set(p.name, { value, span, given: p.required === true });
  }
  return args;
}

describe("preprocessing definitions", () => {
  it("every registry preprocessing step has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("preprocess").map((e) => e.name);
    for (const name of registered) expect(preprocessingNamed(name), name).toBeDefined();
    expect(preprocessingDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of preprocessingDefinitions) {
    const name = definition.entry.name;
    const plan = definition.plan(defaults(definition.entry));

    it(`${name}: the plan is tagged with the name and the runtime fits and applies it`, () => {
      expect(plan.kind).toBe(name);
      const x = Array.from({ length: 8 * 3 }, (_, i) => ((i * 7) % 5) + (i % 3));
      const data = datasetFromArrays({ x, shape: [3], labels: [0, 1, 0, 1, 0, 1, 0, 1] });
      const out = applyPreprocessing(fitPreprocessing([plan], data), data);
      expect(Array.from(out.x)).not.toEqual(Array.from(data.x));
    });

    it(`${name}: the PyTorch script's PREPROCESS entry names a kind its Python handles`, () => {
      const entry = definition.pytorch(plan as never);
      expect(entry).toMatch(new RegExp(`^\\{"kind": "${name}"`));
      expect(python).toContain(`"${name}"`);
    });
  }
});
