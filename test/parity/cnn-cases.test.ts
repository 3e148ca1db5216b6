import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runParityCase } from "./parity.ts";

/**
 * The cases kept in the repository, written with PyTorch 1.13.1: convolutional (generate_cnn_cases.py), new layers
 * (generate_layer_cases.py) and graph models with their own spec.nn (generate_graph_cases.py).
 */
const root = resolve(import.meta.dirname, "cases");
const cases = readdirSync(root)
  .filter((n) => existsSync(join(root, n, "case.json")))
  .sort();

describe("PyTorch 1.13.1 parity of conv, pooling, normalisation and graph models through generated code", () => {
  it("has the convolutional cases and the residual, concat and pre-activation graph cases", () => {
    expect(cases.filter((n) => n.startsWith("cnn_")).length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((n) => n.startsWith("graph_")).length).toBeGreaterThanOrEqual(4);
  });
  for (const name of cases) {
    it(`reproduces ${name}`, async () => {
      const r = await runParityCase(join(root, name));
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});
