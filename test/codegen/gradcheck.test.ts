/**
 * Float64 finite-difference check of the generated backward pass of every example's model: every
 * layer, activation and loss the examples use, through the code nnc actually generates.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.ts";
import { runtimeEntryUrl, writeModuleFile } from "../../cli/spec-module.ts";
import { exampleSpecs } from "../../scripts/compile-examples.ts";
import { gradientCheck, Rng, type CompiledModel } from "../../runtime/index.ts";

const root = resolve(import.meta.dirname, "../..");
const TOLERANCE = 1e-6;

describe("float64 gradient check of generated code", () => {
  for (const spec of exampleSpecs()) {
    const name = relative(root, spec);
    it(`${name}: analytic gradients match central differences within ${TOLERANCE}`, async () => {
      const dir = join(root, "tmp", "gradcheck", name.replace(/\W+/g, "-"));
      const result = await compileSource(readFileSync(spec, "utf8"), {
        source: name,
        baseDir: dirname(spec),
        moduleDir: dir,
        runtimeImport: runtimeEntryUrl,
        precision: "f64",
      });
      expect(result.code).toBeDefined();
      const file = writeModuleFile(dir, "model.nn.ts", result.code!);
      const mod = (await import(pathToFileURL(file).href)) as { createModel(seed?: number): CompiledModel };
      const model = mod.createModel(7);
      const def = model.definition;
      const n = Math.min(4, def.maxBatch);
      const rng = new Rng(11);
      const x = new Float64Array(n * def.inputSize).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(def.outputSize));
      const targets = new Float64Array(n * def.outputSize).map(() => rng.normal());
      const r = gradientCheck(model, x, labels, targets, n);
      expect(r.checked).toBeGreaterThan(0);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
