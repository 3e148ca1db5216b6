/**
 * Batch norm's zero-γ start (BatchNormLayer.zeroInit, which `residual(zero_init = true)` sets on a branch's last
 * batch norm): γ starts at 0 in the generated TypeScript model and in the PyTorch script's init_parameters().
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze } from "../../compiler/index.ts";
import type { Plan } from "../../compiler/ir.ts";
import { generateModule } from "../../compiler/codegen/emit-module.ts";
import { emitInit, emitModel } from "../../compiler/pytorch/emit-model.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import type { CompiledModel } from "../../runtime/index.ts";
import { hasTorch, runPython } from "../pytorch/python.ts";
import { specWithLayers } from "./compiled-model.ts";

const root = join(import.meta.dirname, "../..");

/** The plan of a conv → bn → relu model, with `zeroInit` set on bn as the residual expansion does. */
function planWithZeroGamma(zeroInit: boolean): Plan {
  const spec = specWithLayers(`c: conv2d(3, 3, padding = 1, bias = false)\nbn: batchnorm\nrelu\nflatten\nout: dense(3)`);
  const plan = analyze(spec, { source: "zero-init.nn", baseDir: root }).plan!;
  return { ...plan, layers: plan.layers.map((l) => (l.kind === "batchnorm" ? { ...l, zeroInit } : l)) };
}

async function tensor(plan: Plan, name: string, folder: string): Promise<number[]> {
  const dir = join(root, "tmp", folder);
  const code = await generateModule(plan, { runtimeImport: runtimeEntryUrl, sourceName: "zero-init.nn", moduleDir: dir });
  const file = writeModuleFile(dir, "model.nn.ts", code);
  const mod = (await import(pathToFileURL(file).href)) as { createModel(seed?: number): CompiledModel };
  const model = mod.createModel(1);
  const t = model.definition.tensors.find((x) => x.name === name)!;
  const buffer = t.buffer === "params" ? model.params : model.stats;
  return Array.from(buffer.subarray(t.offset, t.offset + t.size));
}

describe("batch norm with zeroInit", () => {
  it("starts γ at 0 (β, and the running statistics as usual) in the TypeScript model; 1 without it", async () => {
    const zero = planWithZeroGamma(true);
    expect(await tensor(zero, "bn.weight", "zero-init-on")).toEqual([0, 0, 0]);
    expect(await tensor(zero, "bn.bias", "zero-init-on")).toEqual([0, 0, 0]);
    expect(await tensor(zero, "bn.running_var", "zero-init-on")).toEqual([1, 1, 1]);
    expect(await tensor(planWithZeroGamma(false), "bn.weight", "zero-init-off")).toEqual([1, 1, 1]);
  });

  it("is false for a batch norm the spec writes", () => {
    const spec = specWithLayers(`c: conv2d(3, 3)\nbn: batchnorm\nflatten\nout: dense(3)`);
    expect(analyze(spec, { source: "s.nn", baseDir: root }).plan!.layers[1]).toMatchObject({ kind: "batchnorm", zeroInit: false });
  });

  it.skipIf(!hasTorch())("zeroes γ in the PyTorch script's init_parameters(), and only there", () => {
    const paths = { expression: (p: string) => JSON.stringify(p) };
    const zero = planWithZeroGamma(true);
    expect(emitInit(zero, paths)).toContain("nn.init.zeros_(model.bn.weight)");
    expect(emitInit(planWithZeroGamma(false), paths)).not.toContain("zeros_");
    const script = [
      "import torch",
      "import torch.nn as nn",
      "import torch.nn.functional as F",
      emitModel(zero),
      emitInit(zero, paths),
      "model = Model()",
      "init_parameters(model)",
      "print(model.bn.weight.tolist(), model.bn.bias.tolist())",
    ].join("\n\n");
    expect(runPython(["-c", script]).stdout.trim()).toBe("[0.0, 0.0, 0.0] [0.0, 0.0, 0.0]");
  });
});
