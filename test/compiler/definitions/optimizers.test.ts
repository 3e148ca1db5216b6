/**
 * Every optimizer is one definition with every piece: a registry entry, a typed plan, the bases its
 * schedules scale, a TypeScript update calling functions the runtime exports, and a PyTorch class taking
 * every parameter of the entry (or a stated reason the PyTorch target cannot express it).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { optimizerNamed, optimizerDefinitions } from "../../../compiler/definitions/optimizers/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";

/** The runtime's optimizer exports, types included (types leave no trace in the loaded module). */
const runtimeTypes = readFileSync(fileURLToPath(new URL("../../../runtime/optimizers/index.ts", import.meta.url)), "utf8");

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** The entry's defaults as checked arguments, with a representative value for each required parameter. */
function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  for (const p of entry.params) args.set(p.name, { value: p.required ? 0.1 : p.default, span, given: p.required === true });
  return args;
}

describe("optimizer definitions", () => {
  it("every registry optimizer has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("optimizer").map((e) => e.name);
    for (const name of registered) expect(optimizerNamed(name), name).toBeDefined();
    expect(optimizerDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of optimizerDefinitions) {
    const name = definition.entry.name;
    const plan = definition.plan(defaults(definition.entry), span);

    it(`${name}: the entry is an optimizer with documentation`, () => {
      expect(definition.entry.role).toBe("optimizer");
      expect(definition.entry.doc.length).toBeGreaterThan(10);
      expect(definition.entry.details.length).toBeGreaterThan(10);
    });

    it(`${name}: the plan is tagged with the name and the lr schedule starts from its lr`, () => {
      expect(plan.name).toBe(name);
      const lrParam = definition.entry.params.find((p) => p.name === "lr");
      expect(definition.scheduled(plan as never).lr).toBe(lrParam?.required ? 0.1 : lrParam?.default);
    });

    it(`${name}: the TypeScript update calls only functions the runtime exports`, () => {
      const update = definition.typescript(plan as never);
      const values = update.runtimeImports.filter((f) => !f.startsWith("type "));
      const types = update.runtimeImports.filter((f) => f.startsWith("type ")).map((f) => f.slice(5));
      for (const f of values) expect(runtime, `${name} imports ${f}`).toHaveProperty(f);
      for (const t of types) expect(runtimeTypes, `${name} imports type ${t}`).toMatch(new RegExp(`\\b${t}\\b`));
      const code =
        update.kind === "step" ? update.hyperparameters + update.stepScalars + update.call("UPDATE_GROUPS[0]") : update.construct(10);
      const called = [...code.matchAll(/\b([a-zA-Z]+)\(/g)].map((m) => m[1]).filter((f) => !["Math"].includes(f));
      for (const f of called) expect(values, `${name} calls ${f}`).toContain(f);
      const annotated = [...code.matchAll(/const [A-Z_]+: ([A-Za-z]+) =/g)].map((m) => m[1]);
      for (const t of annotated) expect(types, `${name} annotates with ${t}`).toContain(t);
    });

    it(`${name}: the PyTorch class takes every parameter of the entry, under PyTorch's name`, () => {
      const torch = definition.pytorch(plan as never);
      if ("unsupported" in torch) {
        expect(torch.unsupported).toContain(name);
        return;
      }
      expect(torch.args.map(([arg]) => arg).sort()).toEqual(definition.entry.params.map((p) => p.name).sort());
      if (!torch.cls.startsWith("torch.optim.")) expect(torch.classSource).toContain(`class ${torch.cls}(`);
    });
  }
});
