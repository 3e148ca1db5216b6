/**
 * Initialisation code: one runtime initializer call per tensor, in state_dict order, all drawing from
 * the model's seeded generator so the same seed gives bit-identical weights. Which tensors a layer owns
 * and how each starts comes from its definition (compiler/definitions/layers); the call an initializer
 * makes comes from its own (compiler/definitions/initializers). Each call fills the tensor's view on its
 * layer object (`this.dense0.tensors.weight`), made once in the constructor.
 */
import type { Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { slotOf } from "./layout.ts";
import { pathExpression, type PathContext } from "./paths.ts";
import type { KernelStep } from "./kernel-steps.ts";
import { layerOf, layerTensors } from "../definitions/layers/index.ts";
import { initializerOf } from "../definitions/initializers/index.ts";

export interface InitCode {
  /** Model-wide `weight_init = from(...)`: the expression of the file to load every tensor from. */
  readonly stateDictPath: string | undefined;
  readonly body: string;
  readonly imports: readonly string[];
}

export function emitInit(plan: Plan, layout: Layout, steps: readonly KernelStep[], paths: PathContext): InitCode {
  const imports = new Set<string>();
  const lines: string[] = [];
  const path = (abs: string) => {
    const p = pathExpression(abs, paths);
    return { code: p.code, imports: p.usesResolver ? ["resolveDataPath"] : [] };
  };
  for (const layer of plan.layers) {
    for (const tensor of layerTensors(layer)) {
      const name = `${layer.name}.${tensor.role}`;
      const slot = slotOf(layout, name);
      if (slot === undefined) throw new Error(`internal: no tensor ${name}`);
      const step = steps.find((s) => s.layer.name === layer.name);
      const tensorView = step === undefined ? undefined : layerOf(layer).typescript.tensorView;
      if (step === undefined || tensorView === undefined) throw new Error(`internal: no layer object holds ${name}`);
      const target = { view: tensorView(step, tensor.role), size: slot.size, ...tensor, path };
      const code = initializerOf(tensor.init).typescript(tensor.init, target);
      lines.push(code.code);
      for (const i of code.imports) imports.add(i);
    }
  }
  let stateDictPath: string | undefined;
  if (plan.initFrom !== undefined) {
    const p = pathExpression(plan.initFrom, paths);
    if (p.usesResolver) imports.add("resolveDataPath");
    imports.add("loadStateDictInto");
    stateDictPath = p.code;
  }
  return { body: lines.join("\n"), imports: [...imports].sort(), stateDictPath };
}
