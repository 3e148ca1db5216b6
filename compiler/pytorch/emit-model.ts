/**
 * The model as PyTorch code: PyTorch's own layer classes (so state_dict names and layouts are PyTorch's,
 * `fc1.weight` [out, in]), activations as torch functions in forward(), and init_parameters() applying the
 * spec's initializers on top of PyTorch's defaults. Each layer's spelling comes from its definition
 * (compiler/definitions/layers). A graph model's blocks, branches and repetitions are nested modules
 * (module-tree.ts, emit-classes.ts), so tensor names keep their paths: `layer1.0.conv1.weight`.
 */
import type { Plan } from "../ir.ts";
import { layerOf } from "../definitions/layers/index.ts";
import { emitModuleClasses, moduleBody } from "./emit-classes.ts";
import { pyComment } from "./literals.ts";
import { moduleRef, moduleTree } from "./module-tree.ts";
import type { PythonPaths } from "./paths.ts";

export function emitModel(plan: Plan): string {
  // Layer names are identifiers and shapes numbers, so the docstring needs no escaping beyond pyComment.
  const shapes = plan.layers.map((l) => {
    const py = layerOf(l).pytorch;
    return `        ${pyComment(py.docName === undefined ? l.name : py.docName(l))} → [${l.outputShape.join(", ")}]`;
  });
  // The classes some layers need (a small nn.Module PyTorch lacks), each once, in first-use order.
  const classes = [...new Set(plan.layers.flatMap((l) => layerOf(l).pytorch.classes?.(l) ?? []))];
  const tree = moduleTree(plan);
  const { classes: blocks, construct } = emitModuleClasses(plan, tree);
  const body = [`    def __init__(self) -> None:`, ...moduleBody(plan, tree, "x", construct)];
  return [
    ...classes.map((c) => `${c}\n\n`),
    ...blocks.map((c) => `${c}\n\n`),
    `class Model(nn.Module):`,
    `    """`,
    `    Input [${plan.inputShape.join(", ")}], then per layer its output shape (per sample):`,
    ...shapes,
    `    """`,
    ``,
    ...body,
  ].join("\n");
}

export function emitInit(plan: Plan, paths: PythonPaths): string {
  const lines: string[] = [];
  const initPaths = { expression: (path: string) => paths.expression(path), modelFrom: plan.initFrom };
  for (const layer of plan.layers) lines.push(...layerOf(layer).pytorch.init(layer, moduleRef(plan, "model", layer.name), initPaths));
  return [
    `@torch.no_grad()`,
    `def init_parameters(model: Model) -> None:`,
    `    """The spec's initializers; tensors not named here keep PyTorch's default initialisation."""`,
    ...(lines.length ? lines.map((l) => `    ${l}`) : ["    pass"]),
  ].join("\n");
}
