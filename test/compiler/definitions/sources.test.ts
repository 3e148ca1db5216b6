/**
 * Every data source is one definition: a registry entry and a plan, and for a file source the loader the
 * generated module calls (a runtime export) and the loader the PyTorch script calls (defined in the
 * script's Python, compiler/pytorch/python/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { sourceNamed, sourceDefinitions } from "../../../compiler/definitions/sources/index.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const pythonDir = fileURLToPath(new URL("../../../compiler/pytorch/python/", import.meta.url));
const python = readdirSync(pythonDir)
  .filter((f) => f.endsWith(".py"))
  .map((f) => readFileSync(pythonDir + f, "utf8"))
  .join("\n");

/** The entry's defaults as checked arguments; a required path is "data/x", `label` 0, any other required value 0.25. */
function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  for (const p of entry.params) {
    const value = p.required ? (p.type.kind === "path" ? `data/${p.name}` : 0.25) : p.name === "label" ? 0 : p.default;
    args.set(p.name, { value: value as never, span, given: p.required === true });
  }
  return args;
}

describe("data source definitions", () => {
  it("every registry data source has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("source").map((e) => e.name);
    for (const name of registered) expect(sourceNamed(name), name).toBeDefined();
    expect(sourceDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of sourceDefinitions) {
    const name = definition.entry.name;
    it(`${name}: the plan is tagged with the name; a file source's loaders exist in the runtime and the script`, () => {
      if (definition.kind === "split") {
        expect(definition.plan(defaults(definition.entry))).toEqual({ kind: "split", fraction: 0.25 });
        return;
      }
      const plan = definition.plan(defaults(definition.entry), {}, span);
      expect(plan.kind).toBe(name);
      const ts = definition.typescript(plan as never, (p) => JSON.stringify(p));
      expect(runtime, `${name} loads with ${ts.loader}`).toHaveProperty(ts.loader);
      expect(ts.load).toMatch(new RegExp(`^await ${ts.loader}\\(`));
      const py = definition.pytorch(plan as never, (p) => JSON.stringify(p));
      const loader = /^(\w+)\(/.exec(py)?.[1];
      expect(python, `${name} loads with ${loader}`).toContain(`def ${loader}(`);
    });
  }
});
