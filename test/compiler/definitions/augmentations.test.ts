/**
 * Every augmentation is one definition with every piece: a registry entry, a plan the runtime's Augmenter
 * applies (it changes a batch), and a line of the PyTorch script — a transform, or a MIXES entry exactly
 * when it mixes labels.
 */
import { describe, expect, it } from "vitest";
import { Augmenter, Rng } from "../../../runtime/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { augmentationNamed, augmentationDefinitions } from "../../../compiler/definitions/augmentations/index.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** The entry's defaults as checked arguments; a required parameter gets 1 (integers) or 0.25. */
function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  for (const p of entry.params)
    args.set(p.name, { value: p.required ? (p.type.kind === "integer" ? 1 : 0.25) : p.default, span, given: p.required === true });
  return args;
}

describe("augmentation definitions", () => {
  it("every registry augmentation has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("augment").map((e) => e.name);
    for (const name of registered) expect(augmentationNamed(name), name).toBeDefined();
    expect(augmentationDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of augmentationDefinitions) {
    const name = definition.entry.name;
    const plan = definition.plan(defaults(definition.entry));

    it(`${name}: the plan is tagged with the name and the runtime's Augmenter applies it`, () => {
      expect(plan.kind).toBe(name);
      const [n, shape, classes] = [4, [1, 6, 6], 3];
      const augmenter = new Augmenter([plan], shape, classes, n, 0, "f64");
      expect(augmenter.mixes).toBe(definition.mixesLabels);
      const rng = new Rng(1);
      const labels = Int32Array.from([0, 1, 2, 0]);
      let changed = false;
      for (let k = 0; k < 20 && !changed; k++) {
        const x = Float64Array.from({ length: n * 36 }, (_, i) => 1 + (i % 7));
        augmenter.apply(x, labels, n, rng);
        changed = x.some((v, i) => v !== 1 + (i % 7));
      }
      expect(changed, `${name} never changed a batch`).toBe(true);
    });

    it(`${name}: the PyTorch script gets a transform, or a MIXES entry when it mixes labels`, () => {
      const torch = definition.pytorch(plan as never);
      if (definition.mixesLabels) expect("mix" in torch && torch.mix).toContain(`"${name}"`);
      else expect("transform" in torch && torch.transform).toMatch(/^x = \w+\(x, /);
    });
  }
});
