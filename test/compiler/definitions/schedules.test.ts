/**
 * Every schedule is one definition with every piece: a registry entry, a plan, its value at each count (what
 * the checker bounds), a generated call that computes that same value with the runtime's function, and a
 * torch.optim.lr_scheduler expression for the PyTorch script.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { BoundValues } from "../../../compiler/bound.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { scheduleNamed, scheduleDefinitions } from "../../../compiler/definitions/schedules/index.ts";
import type { RegistryEntry } from "../../../compiler/registry/types.ts";
import { num } from "../../../compiler/codegen/literals.ts";

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const tenEpochs = { amount: 10, unit: "epochs" as const };

/** The entry's defaults as checked arguments, with a representative value for each required parameter. */
function defaults(entry: RegistryEntry): BoundValues {
  const args = new BoundValues(
    entry.name,
    entry.params.map((p) => p.name),
  );
  const representative = (kind: string): unknown =>
    kind === "duration" ? tenEpochs : kind === "durations" ? [tenEpochs, { amount: 15, unit: "epochs" }] : 0.5;
  for (const p of entry.params) {
    let value = p.required ? representative(p.type.kind) : p.default;
    if (p.type.kind === "reference" && typeof value === "string") value = { path: value.split("."), span };
    args.set(p.name, { value: value as never, span, given: p.required === true });
  }
  return args;
}

describe("schedule definitions", () => {
  it("every registry schedule has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("schedule").map((e) => e.name);
    for (const name of registered) expect(scheduleNamed(name), name).toBeDefined();
    expect(scheduleDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of scheduleDefinitions) {
    const name = definition.entry.name;
    const plan = definition.plan(defaults(definition.entry), { unit: "epochs", convert: (d) => d.amount, length: 20 });
    const value = (k: number) => definition.value(plan as never, k, { base: 0.1, count: (c) => c as number, oneCycle: "lr" });

    it(`${name}: the plan is tagged with the name, and its length parameter is one of its parameters`, () => {
      expect(plan.kind).toBe(name);
      if (definition.lengthParam !== undefined) expect(definition.entry.params.map((p) => p.name)).toContain(definition.lengthParam);
      if (definition.needsLength) expect(definition.lengthParam).toBeDefined();
    });

    it(`${name}: the generated call computes the value the checker bounds, with a runtime function`, () => {
      const called: string[] = [];
      const body = definition.typescript(plan as never, {
        base: num(0.1),
        count: (c) => num(c as number),
        call: (fn, args) => {
          called.push(fn);
          return `return ${fn}(k, ${args});`;
        },
      });
      if (name === "reduce_on_plateau") {
        expect(body).toBe("return this.plateauValue;");
        return;
      }
      expect(called).toHaveLength(1);
      const fn = (runtime as Record<string, unknown>)[called[0]];
      expect(typeof fn, `${name} calls ${called[0]}`).toBe("function");
      const generated = new Function("k", called[0], body) as (k: number, f: unknown) => number;
      for (let k = 0; k < 30; k++) expect(generated(k, fn), `${name} at ${k}`).toBe(value(k));
    });

    it(`${name}: the PyTorch script gets a torch.optim.lr_scheduler over the optimizer`, () => {
      const torch = definition.pytorch(plan as never, { count: (c) => String(c), mults: [1] });
      expect(torch).toMatch(/^lr_scheduler\.\w+\(optimizer, /);
    });
  }
});
