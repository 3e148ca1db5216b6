import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runParityCase } from "./parity.ts";

const golden = resolve(import.meta.dirname, "../../../shared/golden");
const cases = existsSync(golden)
  ? readdirSync(golden)
      .filter((n) => existsSync(join(golden, n, "case.json")))
      .sort()
  : [];

describe("PyTorch 1.13.1 parity through generated code", () => {
  it("finds the golden cases beside the checkout", () => {
    expect(cases.length).toBeGreaterThanOrEqual(32);
  });
  for (const name of cases) {
    it(`reproduces ${name}`, async () => {
      const r = await runParityCase(join(golden, name));
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});
