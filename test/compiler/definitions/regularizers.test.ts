/**
 * Every loss-term regularizer is one definition with every piece: a registry entry, a runtime penalty for
 * the reported loss, a gradient term for the fused update that is the derivative of that penalty, and a
 * PyTorch term.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { entriesFor } from "../../../compiler/registry/index.ts";
import { regularizerOf, regularizerDefinitions } from "../../../compiler/definitions/regularizers/index.ts";

describe("regularizer definitions", () => {
  it("every registry regularizer has a definition, and every definition is in the registry", () => {
    const registered = entriesFor("regularizer").map((e) => e.name);
    for (const kind of registered) expect(regularizerOf({ kind: kind as "l1" }).entry.name).toBe(kind);
    expect(regularizerDefinitions.map((d) => d.entry.name).sort()).toEqual([...registered].sort());
  });

  for (const definition of regularizerDefinitions) {
    const name = definition.entry.name;

    it(`${name}: the update's gradient term is the derivative of the runtime penalty`, () => {
      const penalty = (runtime as Record<string, unknown>)[definition.penalty] as (p: Float64Array, offset: number, size: number) => number;
      expect(typeof penalty).toBe("function");
      const lambda = 0.3;
      const w = Float64Array.from([0.5, -1.5, 2, -0.25]);
      const h = 1e-6;
      for (let i = 0; i < w.length; i++) {
        const plus = Float64Array.from(w);
        const minus = Float64Array.from(w);
        plus[i] += h;
        minus[i] -= h;
        const numeric = (lambda * (penalty(plus, 0, w.length) - penalty(minus, 0, w.length))) / (2 * h);
        const factor = definition.gradient.term === "l2x" ? w[i] : Math.sign(w[i]);
        expect(definition.gradient.coefficient(lambda) * factor).toBeCloseTo(numeric, 6);
      }
    });

    it(`${name}: the PyTorch penalty is a sum over the tensor`, () => {
      expect(definition.pytorch("model.fc1.weight")).toMatch(/^model\.fc1\.weight\..*\.sum\(\)$/);
    });
  }
});
