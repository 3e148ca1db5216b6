/**
 * Float64 finite-difference checks of graph specs written in the language (blocks, residual, concat
 * branches), compiled as `nnc` compiles them: identity and projection residuals of conv + batch norm, a concat
 * whose empty branch makes the block's input a value read by three steps, and a dense residual.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import { gradientCheck, Rng, type GeneratedModule } from "../../runtime/index.ts";

const root = resolve(import.meta.dirname, "../..");
const TOLERANCE = 1e-6;

const BASIC = `block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
`;

function spec(blocks: string, input: string, layers: string): string {
  const body = layers.trim().replace(/^/gm, "  ");
  return `${blocks}model {\n  input = ${input}\n${body}\n  loss = cross_entropy()\n}\ntrain {\n  optimizer = sgd(lr = 0.1)\n  steps = 10\n  batch_size = 4\n}\n`;
}

const specs: Record<string, string> = {
  "a basic block with an identity shortcut, then a strided one with a conv + batchnorm projection": spec(
    BASIC,
    "[2, 6, 6]",
    "stem: conv2d(3, 3, padding = 1)\nrelu\nb1: basic(3)\nb2: basic(4, stride = 2)\nflatten\nfc: dense(3)",
  ),
  "concat of two conv branches and an empty one (the block input read by three steps)": spec(
    "",
    "[2, 5, 5]",
    "stem: conv2d(3, 3, padding = 1)\nrelu\nmix: concat {\n  p: branch { conv2d(2, 1) relu }\n  branch { conv2d(2, 3, padding = 1) tanh }\n  branch { }\n}\nflatten\nfc: dense(3)",
  ),
  "a repeated dense residual after a dense stem": spec(
    "block res(c) {\n  residual {\n    fc1: dense(c)\n    tanh\n    fc2: dense(c)\n  }\n}\n",
    "[5]",
    "stem: dense(6)\nrelu\nlayer1: repeat(2, res(6))\nfc: dense(3)",
  ),
};

describe("float64 gradient check of graph specs", () => {
  for (const [name, text] of Object.entries(specs)) {
    it(`${name}: analytic gradients match central differences within ${TOLERANCE}`, async () => {
      const dir = join(root, "tmp", "graph", "specs", name.replace(/\W+/g, "-").slice(0, 40));
      const result = await compile(text, {
        source: "graph.nn",
        baseDir: root,
        moduleDir: dir,
        runtimeImport: runtimeEntryUrl,
        precision: "f64",
      });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.plan!.layers.some((l) => l.kind === "add" || l.kind === "concat")).toBe(true);
      const file = writeModuleFile(dir, "model.nn.ts", result.code!);
      const model = ((await import(pathToFileURL(file).href)) as GeneratedModule).createModel(7);
      const def = model.definition;
      const n = 4;
      const rng = new Rng(11);
      const x = new Float64Array(n * def.inputSize).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(def.outputSize));
      const r = gradientCheck(model, x, labels, new Float64Array(n * def.outputSize), n);
      expect(r.checked).toBeGreaterThanOrEqual(def.tensors.filter((t) => t.buffer === "params").length);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
