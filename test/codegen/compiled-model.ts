/** Compiles a spec's model to a module in float64 and loads it, as the gradient checks and layer tests need. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { Plan } from "../../compiler/ir.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import type { CompiledModel } from "../../runtime/index.ts";

const root = join(import.meta.dirname, "../..");

/** A classifier of [2, 5, 5] inputs into 3 classes with `layers` in its model block (the data file is never read). */
export function specWithLayers(layers: string, input = "[2, 5, 5]"): string {
  return [
    `data {`,
    `  train = csv("data.csv", label = 0)`,
    `}`,
    `model {`,
    `  input = ${input}`,
    ...layers
      .trim()
      .split("\n")
      .map((l) => `  ${l.trim()}`),
    `  loss = cross_entropy()`,
    `}`,
    `train {`,
    `  optimizer = sgd(lr = 0.1)`,
    `  steps = 1`,
    `  batch_size = 64`,
    `  seed = 3`,
    `}`,
  ].join("\n");
}

/** The spec's model, compiled (float64 unless told) into tmp/<folder> and imported. */
export async function loadModel(
  spec: string,
  folder: string,
  precision: "f32" | "f64" = "f64",
): Promise<{ plan: Plan; model: CompiledModel; code: string }> {
  const dir = join(root, "tmp", folder);
  const result = await compile(spec, { source: `${folder}.nn`, baseDir: dir, moduleDir: dir, runtimeImport: runtimeEntryUrl, precision });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const file = writeModuleFile(dir, "model.nn.ts", result.code!);
  const mod = (await import(pathToFileURL(file).href)) as { createModel(seed?: number): CompiledModel };
  return { plan: result.plan!, model: mod.createModel(7), code: result.code! };
}
