import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleSpecs, generateExample } from "../../scripts/compile-examples.ts";

const root = resolve(import.meta.dirname, "../..");

describe("generated code of the examples", () => {
  const specs = exampleSpecs();
  it("covers every example", () => {
    expect(specs.length).toBeGreaterThanOrEqual(4);
  });
  for (const spec of specs) {
    const name = relative(root, spec);
    it(`${name} compiles to byte-identical code twice`, async () => {
      const a = await generateExample(spec);
      const b = await generateExample(spec);
      expect(a).toBe(b);
    });
    it(`${name}.ts is committed and up to date (run npm run examples:compile)`, async () => {
      expect(existsSync(`${spec}.ts`)).toBe(true);
      expect(readFileSync(`${spec}.ts`, "utf8")).toBe(await generateExample(spec));
    });
  }
});
