/**
 * Every noise kind is one definition: a registry entry, a plan, generated code that calls only runtime
 * exports, and a scale a `schedule { … }` entry of the same name can drive.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import { entriesFor, settingsSpecs } from "../../../compiler/registry/index.ts";
import { noiseDefinitions } from "../../../compiler/definitions/noise/index.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const layout = {
  slots: new Map([["fc1.weight", { name: "fc1.weight", offset: 0, size: 6 }]]),
  groups: [{ start: 0, end: 6, lrMult: 1, wdMult: 1, l2x: 0, l1: 0, tensors: ["fc1.weight"] }],
};

function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  for (const p of entry.params) args.set(p.name, { value: (p.required ? 0.25 : p.default) as never, span, given: p.required === true });
  return args;
}

describe("noise definitions", () => {
  it("every registry noise kind has a definition, and every definition is in the registry", () => {
    expect(noiseDefinitions.map((d) => d.entry.name).sort()).toEqual(
      entriesFor("noise")
        .map((e) => e.name)
        .sort(),
    );
  });

  for (const definition of noiseDefinitions) {
    const name = definition.entry.name;
    it(`${name}: its generated code calls runtime exports, and its scale has a schedule key of its name`, () => {
      const plan = definition.plan(defaults(definition.entry), () => ["fc1.weight"]);
      const code = definition.typescript(plan as never, {} as never, layout as never);
      for (const f of code.imports) expect(runtime, `${name} imports ${f}`).toHaveProperty(f);
      const text = [code.perturbBody ?? "", code.restoreBody ?? "", ...code.updateLines].join("\n");
      expect(text.length).toBeGreaterThan(0);
      // Free functions only: `this.weightNoiseAt(…)` is the model's own scale method.
      for (const [, f] of text.matchAll(/(?<![.\w])([a-zA-Z]+)\(/g)) expect(code.imports, `${name} calls ${f}`).toContain(f);
      expect(code.scale.scheduleKey).toBe(name);
      expect(settingsSpecs.schedule.settings.map((s) => s.name)).toContain(name);
    });
  }
});
