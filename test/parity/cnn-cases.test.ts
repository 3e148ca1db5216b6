import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runParityCase } from "./parity.ts";

/** The convolutional cases written by generate_cnn_cases.py (PyTorch 1.13.1), kept in the repository. */
const root = resolve(import.meta.dirname, "cases");
const cases = readdirSync(root)
  .filter((n) => existsSync(join(root, n, "case.json")))
  .sort();

describe("PyTorch 1.13.1 parity of conv, pooling and batchnorm2d through generated code", () => {
  it("has the three convolutional cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });
  for (const name of cases) {
    it(`reproduces ${name}`, async () => {
      const r = await runParityCase(join(root, name));
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});
