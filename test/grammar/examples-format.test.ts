import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../grammar/index.ts";
import { exampleSpecs } from "../../scripts/compile-examples.ts";

const root = resolve(import.meta.dirname, "../..");

describe("the examples are canonically formatted", () => {
  for (const spec of exampleSpecs()) {
    it(`${relative(root, spec)} is unchanged by the formatter, and formatting is idempotent`, () => {
      const text = readFileSync(spec, "utf8");
      const once = formatSource(text);
      expect(once.diagnostics).toEqual([]);
      expect(once.output).toBe(text);
      expect(formatSource(once.output!).output).toBe(once.output);
    });
  }
});
