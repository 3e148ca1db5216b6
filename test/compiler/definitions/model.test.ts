/**
 * One definition per concept (compiler/definitions): every layer, activation, loss and initializer name the
 * language accepts has a definition with every piece — plan, tensors, summary, TypeScript emission calling
 * kernels the runtime has, PyTorch emission — so a name known to one phase is known to all.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { registry } from "../../../compiler/index.ts";
import type { LayerPlan, Plan } from "../../../compiler/ir.ts";
import { layerDefinitions, layerForEntry, layerOf, layerParameters } from "../../../compiler/definitions/layers/index.ts";
import { activationDefinitions } from "../../../compiler/definitions/activations/index.ts";
import { lossDefinitions } from "../../../compiler/definitions/losses/index.ts";
import { initializerDefinitions, initializerOf, type InitPlan } from "../../../compiler/definitions/initializers/index.ts";
import { computeLayout } from "../../../compiler/codegen/layout.ts";
import { lowerKernelSteps } from "../../../compiler/codegen/kernel-steps.ts";
import { stepImports } from "../../../compiler/codegen/emit-layers.ts";
import { emitLoss } from "../../../compiler/codegen/emit-loss.ts";
import { emitModel } from "../../../compiler/pytorch/emit-model.ts";
import { MINIMAL, checkText } from "../harness.ts";

/** The pieces each family's definitions must have: a path of property names per piece, each a function unless marked. */
const layerPieces = [
  "kind:string",
  "entries:array",
  "parametric:boolean",
  "plan",
  "tensors",
  "flops",
  "summary",
  "label",
  "fusesRelu",
  "typescript.scratch",
  "typescript.constants",
  "typescript.members",
  "typescript.imports",
  "typescript.forward",
  "typescript.backward",
  "pytorch.module",
  "pytorch.forward",
  "pytorch.init",
];
const activationPieces = [
  "fn:string",
  "entry:object",
  "plan",
  "summary",
  "typescript.type:string",
  "typescript.settings",
  "typescript.backwardReads:string",
  "pytorch",
];
const lossPieces = [
  "kind:string",
  "entry:object",
  "plan",
  "typescript.type:string",
  "typescript.settings",
  "typescript.against:string",
  "pytorch",
];
const initializerPieces = ["kind:string", "entry:object", "plan", "typescript", "pytorch"];

/** The pieces of `pieces` that `definition` lacks or has in the wrong form. */
function missingPieces(definition: object, pieces: readonly string[]): string[] {
  return pieces.filter((piece) => {
    const [path, type = "function"] = piece.split(":");
    let value: unknown = definition;
    for (const key of path.split(".")) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
    return type === "array" ? !Array.isArray(value) : typeof value !== type;
  });
}

/** A snippet using each layer name of the language, placed after a convolution on a [2, 6, 6] input. */
const layerUses: Readonly<Record<string, string>> = {
  dense: "dense(4)",
  dropout: "dropout(0.5)",
  batchnorm: "batchnorm",
  batchnorm2d: "batchnorm2d\n  relu",
  maxout: "maxout(2)",
  conv2d: "conv2d(3, 3, padding = 1, bias = false)\n  relu",
  maxpool: "maxpool(2)",
  avgpool: "avgpool(2, stride = 1)",
  global_avgpool: "global_avgpool",
  flatten: "flatten",
  dropout2d: "dropout2d(0.2)",
  relu: "relu",
  leaky_relu: "leaky_relu(0.1)",
  elu: "elu",
  gelu: "gelu",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softmax: "softmax",
  layernorm: "ln: layernorm",
  groupnorm: "gn: groupnorm(2)",
  adaptive_avgpool: "adaptive_avgpool([4, 3])",
  stochastic_depth: "stochastic_depth(0.2)",
};

/** Initializers that need an argument. */
const initUses: Readonly<Record<string, string>> = { constant: "constant(0.5)" };

function specWith(model: string, extra = ""): string {
  return MINIMAL.replace("input = [2]", "input = [2, 6, 6]")
    .replace("  fc1: dense(16)\n  relu\n", `  c: conv2d(2, 3, padding = 1)\n  ${model}\n`)
    .replace("model {\n", `model {\n${extra}`);
}

function planOf(text: string): Plan {
  const result = checkText(text);
  expect(
    result.diagnostics.filter((d) => d.severity === "error"),
    text,
  ).toEqual([]);
  return result.plan!;
}

/** The runtime functions a name list refers to (`type ConvGeometry` names a type, which has no value to check). */
function missingFromRuntime(names: readonly string[]): string[] {
  return names.filter((n) => !n.startsWith("type ") && typeof (runtime as Record<string, unknown>)[n] !== "function");
}

describe("definitions: one per concept", () => {
  it("gives every layer and activation name of the registry a layer definition (reserved names excepted)", () => {
    const layerNames = registry.filter((e) => (e.role === "layer" || e.role === "activation") && e.reserved !== true);
    expect(layerNames.length).toBeGreaterThan(15);
    for (const e of layerNames) expect(layerForEntry(e), e.name).toBeDefined();
  });

  it("gives every loss and initializer name of the registry a definition", () => {
    for (const e of registry.filter((x) => x.role === "loss"))
      expect(
        lossDefinitions.some((d) => d.entry === e),
        e.name,
      ).toBe(true);
    for (const e of registry.filter((x) => x.role === "initializer"))
      expect(
        initializerDefinitions.some((d) => d.entry === e),
        e.name,
      ).toBe(true);
  });

  it("lists every definition's names in the registry, so completion and hover know them", () => {
    const entries = new Set(registry);
    for (const d of layerDefinitions) for (const e of d.entries) expect(entries.has(e.entry), e.entry.name).toBe(true);
    for (const d of [...activationDefinitions, ...lossDefinitions, ...initializerDefinitions])
      expect(entries.has(d.entry), d.entry.name).toBe(true);
  });

  it("has every piece in every layer, activation, loss and initializer definition", () => {
    for (const d of layerDefinitions) expect(missingPieces(d, layerPieces), d.kind).toEqual([]);
    for (const d of activationDefinitions) expect(missingPieces(d, activationPieces), d.fn).toEqual([]);
    for (const d of lossDefinitions) expect(missingPieces(d, lossPieces), d.kind).toEqual([]);
    for (const d of initializerDefinitions) expect(missingPieces(d, initializerPieces), d.kind).toEqual([]);
  });

  it("notices a layer definition without a PyTorch emission or a parameter rule", () => {
    const dense = layerDefinitions[0];
    expect(missingPieces({ ...dense, pytorch: { ...dense.pytorch, module: undefined } }, layerPieces)).toEqual(["pytorch.module"]);
    expect(missingPieces({ ...dense, tensors: undefined, typescript: undefined }, layerPieces)).toEqual([
      "tensors",
      "typescript.scratch",
      "typescript.constants",
      "typescript.members",
      "typescript.imports",
      "typescript.forward",
      "typescript.backward",
    ]);
  });

  it("has a use of every layer name here, so the tests below build and emit each one", () => {
    // The merges (add, concat) read several branches, so no plain layer statement builds them: test/graph does.
    const names = layerDefinitions.flatMap((d) => d.entries.map((e) => e.entry.name)).filter((n) => n !== "add" && n !== "concat");
    expect(names.filter((n) => layerUses[n] === undefined)).toEqual([]);
  });

  for (const [name, use] of Object.entries(layerUses)) {
    it(`builds and emits ${name}: kernels the runtime exports, a PyTorch line, parameters counted from its tensors`, () => {
      const plan = planOf(specWith(use));
      const layout = computeLayout(plan);
      const steps = lowerKernelSteps(plan, layout);
      expect(missingFromRuntime(steps.flatMap(stepImports))).toEqual([]);
      const layer: LayerPlan = plan.layers[1];
      const own = layout.tensors.filter((t) => t.layer === layer.name && t.buffer === "params");
      expect(layerParameters(layer)).toBe(own.reduce((s, t) => s + t.size, 0));
      // Every layer appears in forward(): as its module's call or as its own line.
      const pytorch = emitModel(plan);
      expect(pytorch).toContain(layerOf(layer).pytorch.forward(layer, `self.${layer.name}`));
      // Every step emits a forward; the trainable convolution before it makes each emit its backward too.
      for (const s of steps)
        expect(
          layerOf(s.layer).typescript.forward(s, { offset: () => 0, batchNormIndex: () => 0, dropoutRate: () => "0.5", view: () => "view" })
            .length,
        ).toBeGreaterThan(0);
    });
  }

  for (const d of lossDefinitions) {
    it(`emits the ${d.kind} loss as a loss object the runtime exports`, () => {
      const plan = planOf(specWith("flatten").replace("cross_entropy()", `${d.entry.name}()`));
      expect(plan.loss.kind).toBe(d.kind);
      expect(missingFromRuntime([emitLoss(plan).type])).toEqual([]);
      expect(d.pytorch(plan.loss as never)).toContain("def loss_sum(");
    });
  }

  for (const d of initializerDefinitions) {
    it(`initialises a dense weight with ${d.kind} through a runtime function`, () => {
      // `from` reads a file; its plan is written by hand.
      const init: InitPlan =
        d.kind === "from"
          ? { kind: "from", path: "/w.safetensors", tensor: "fc.weight" }
          : (
              planOf(specWith(`fc: dense(4) { weight_init = ${initUses[d.kind] ?? `${d.entry.name}()`} }`)).layers[1] as {
                weightInit: InitPlan;
              }
            ).weightInit;
      expect(init.kind).toBe(d.kind);
      const target = {
        view: "this.dense1.tensors.weight",
        size: 12,
        shape: [4, 3],
        role: "weight" as const,
        fans: { fanIn: 3, fanOut: 4 },
        matrix: { rows: 4, cols: 3 },
        path: () => ({ code: '"/w.safetensors"', imports: [] }),
      };
      const code = initializerOf(init).typescript(init, target);
      expect(code.imports.length).toBeGreaterThan(0);
      expect(missingFromRuntime(code.imports)).toEqual([]);
    });
  }
});
