/**
 * Graph-shaped plans for tests, built the way the language's expansion builds them (a flat, topologically
 * ordered layer list whose `inputs` name what each layer reads, merges as `add`/`concat` plans): ordinary
 * layers come from tiny specs analysed by the compiler, merges from their definitions' shape rules.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { analyze } from "../../compiler/index.ts";
import type { LayerPlan, Plan } from "../../compiler/ir.ts";
import type { LayerBuild } from "../../compiler/definitions/layers/definition.ts";
import { add } from "../../compiler/definitions/layers/add.ts";
import { concat } from "../../compiler/definitions/layers/concat.ts";
import { layerParameters, layerOf } from "../../compiler/definitions/layers/index.ts";
import { generateModule } from "../../compiler/codegen/emit-module.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import type { GeneratedModule } from "../../runtime/index.ts";

const root = resolve(import.meta.dirname, "../..");

/** A spec around `layers`: an SGD-trained cross-entropy model in f64, batch 4 (`train` and `data` replace those settings). */
export function specText(
  input: readonly number[],
  layers: string,
  train = "optimizer = sgd(lr = 0.1)\n  steps = 10\n  batch_size = 4\n  precision = f64",
  data = "",
): string {
  return `${data}model {\n  input = [${input.join(", ")}]\n  ${layers.trim().split("\n").join("\n  ")}\n  loss = cross_entropy()\n}\n\ntrain {\n  ${train}\n  seed = 5\n}\n`;
}

/** The checked plan of a spec; throws with its diagnostics when it has errors. */
export function planOf(text: string): Plan {
  const r = analyze(text, { source: "graph.nn", baseDir: root });
  if (r.plan === undefined || r.hasErrors) throw new Error(`spec has errors:\n${r.diagnostics.map((d) => d.message).join("\n")}\n${text}`);
  return r.plan;
}

/** The layers of a small sequential spec reading `input` (`"a1: dense(8)\nr1: relu"`; name every layer, as graph nodes refer to names). */
export function layersOf(input: readonly number[], layers: string): LayerPlan[] {
  return [...planOf(specText(input, layers)).layers];
}

/** A node of a graph: an ordinary layer, or a merge, reading the named values (`x` is the model input). */
export type Node =
  | { readonly layer: LayerPlan; readonly from: readonly string[] }
  | { readonly merge: "add" | "concat"; readonly name: string; readonly from: readonly string[] };

/** `frame` (its input, loss, optimizer and training) with `nodes` as its layers, in order. */
export function graphPlan(frame: Plan, nodes: readonly Node[]): Plan {
  const layers: LayerPlan[] = [];
  const index = (name: string): number => {
    if (name === "x") return -1;
    const i = layers.findIndex((l) => l.name === name);
    if (i < 0) throw new Error(`no layer ${name} before this node`);
    return i;
  };
  const shapeOf = (i: number) => (i < 0 ? frame.inputShape : layers[i].outputShape);
  for (const node of nodes) {
    const inputs = node.from.map(index);
    if ("layer" in node) {
      layers.push({ ...node.layer, inputs });
      continue;
    }
    const shapes = inputs.map(shapeOf);
    const span = frame.layers[0].span;
    const out: unknown[] = [];
    const build = {
      call: { call: { span } },
      inputShape: shapes[0],
      inputShapes: shapes,
      map: undefined,
      base: { name: node.name, inputs, inputSize: shapes[0].reduce((a, d) => a * d, 1), span },
      out,
    } as unknown as LayerBuild;
    const plan = (node.merge === "add" ? add : concat).plan(build);
    if (plan === undefined) throw new Error(`merge ${node.name} refused its inputs: ${JSON.stringify(out)}`);
    layers.push(plan);
  }
  const last = layers[layers.length - 1];
  return {
    ...frame,
    layers,
    outputSize: last.outputSize,
    parameterCount: layers.reduce((a, l) => a + layerParameters(l), 0),
    flopsPerSample: layers.reduce((a, l) => a + layerOf(l).flops(l), 0),
  };
}

/** The generated module of `plan`, written under tmp/graph/<name> and imported. */
export async function loadModule(plan: Plan, name: string): Promise<{ code: string; module: GeneratedModule }> {
  const code = await generateModule(plan, { runtimeImport: runtimeEntryUrl, sourceName: `${name}.nn` });
  const file = writeModuleFile(join(root, "tmp", "graph", name), "model.nn.ts", code);
  return { code, module: (await import(pathToFileURL(file).href)) as GeneratedModule };
}
