/**
 * Float64 finite-difference check of the generated backward pass of every example's model: every
 * layer, activation and loss the examples use, through the code nnc actually generates.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze, compile } from "../../compiler/index.ts";
import type { LayerPlan } from "../../compiler/ir.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import { exampleSpecs } from "../../scripts/compile-examples.ts";
import { gradientCheck, Rng, type CompiledModel } from "../../runtime/index.ts";

const root = resolve(import.meta.dirname, "../..");
const TOLERANCE = 1e-6;
/**
 * Finite differences run the whole model twice per checked weight; above this many forward FLOPs per
 * sample (the full-size Fashion-MNIST CNN) an example is only required to use layer kinds that a
 * smaller, fully checked example (cnn-zoo) already covers.
 */
const MAX_FLOPS = 2e6;

function layerKind(l: LayerPlan): string[] {
  if (l.kind === "activation") return [l.activation.fn];
  if (l.kind === "batchnorm") return [l.spatial > 1 ? "batchnorm2d" : "batchnorm"];
  if (l.kind === "pool") return [`${l.op}pool`];
  if (l.kind === "conv2d") return ["conv2d", ...(l.bias ? ["conv2d+bias"] : ["conv2d-bias"])];
  return [l.kind];
}

let small: Promise<string[]> | undefined;
/** Layer kinds of the examples small enough to be checked in full. */
function checkedLayerKinds(): Promise<string[]> {
  small ??= (async () => {
    const out: string[] = [];
    for (const spec of exampleSpecs()) {
      const r = await analyze(readFileSync(spec, "utf8"), { source: spec, baseDir: dirname(spec) });
      if (r.plan !== undefined && r.plan.flopsPerSample <= MAX_FLOPS) out.push(...r.plan.layers.flatMap(layerKind));
    }
    return out;
  })();
  return small;
}

/** Pretrained-weight files a spec initialises from (transfer-learning stages read an earlier stage's checkpoint). */
function pretrainedFiles(spec: string): string[] {
  const { plan } = analyze(readFileSync(spec, "utf8"), { source: spec, baseDir: dirname(spec) });
  if (plan === undefined) return [];
  const files = plan.initFrom !== undefined ? [plan.initFrom] : [];
  for (const l of plan.layers) {
    if (l.kind === "dense") for (const init of [l.weightInit, l.biasInit]) if (init.kind === "from") files.push(init.path);
  }
  return files;
}

describe("float64 gradient check of generated code", () => {
  for (const spec of exampleSpecs()) {
    const name = relative(root, spec);
    const missing = pretrainedFiles(spec).filter((f) => !existsSync(f));
    // A later transfer stage cannot even be constructed before the earlier stage has been trained; its
    // layers (dense, relu) are checked through the other examples. Skipped visibly, with the reason.
    const test = missing.length > 0 ? it.skip : it;
    const why = missing.length > 0 ? ` (skipped: needs ${relative(root, missing[0])} from an earlier stage)` : "";
    test(`${name}: analytic gradients match central differences within ${TOLERANCE}${why}`, async () => {
      const dir = join(root, "tmp", "gradcheck", name.replace(/\W+/g, "-"));
      const result = await compile(readFileSync(spec, "utf8"), {
        source: name,
        baseDir: dirname(spec),
        moduleDir: dir,
        runtimeImport: runtimeEntryUrl,
        precision: "f64",
      });
      expect(result.code).toBeDefined();
      if (result.plan!.flopsPerSample > MAX_FLOPS) {
        const own = new Set(result.plan!.layers.flatMap(layerKind));
        const covered = new Set(await checkedLayerKinds());
        expect([...own].filter((k) => !covered.has(k))).toEqual([]);
        return;
      }
      const file = writeModuleFile(dir, "model.nn.ts", result.code!);
      const mod = (await import(pathToFileURL(file).href)) as { createModel(seed?: number): CompiledModel };
      const model = mod.createModel(7);
      const def = model.definition;
      const n = Math.min(4, def.maxBatch);
      const rng = new Rng(11);
      const x = new Float64Array(n * def.inputSize).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(def.outputSize));
      const targets = new Float64Array(n * def.outputSize).map(() => rng.normal());
      // Frozen layers get no gradient by design (transfer learning); their tensors are not checked.
      const frozen = new Set(
        result.plan!.layers.filter((l) => "frozen" in l && l.frozen).flatMap((l) => [`${l.name}.weight`, `${l.name}.bias`]),
      );
      const r = gradientCheck(model, x, labels, targets, n, { skip: frozen });
      expect(r.checked).toBeGreaterThan(0);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
