/**
 * The model as one nn.Module: PyTorch's own layer classes (so state_dict names and layouts are PyTorch's,
 * `fc1.weight` [out, in]), activations as torch functions in forward(), and init_parameters() applying the
 * spec's initializers on top of PyTorch's defaults. Each layer's spelling comes from its definition
 * (compiler/definitions/layers).
 */
import type { Plan } from "../ir.ts";
import { layerOf } from "../definitions/layers/index.ts";
import { isPlainAttribute, pyComment, pyStr } from "./literals.ts";
import type { PythonPaths } from "./paths.ts";

/**
 * `self.fc1` (or `model.fc1`); a name that cannot be an attribute (`forward`, `lambda`, …) is looked up in
 * nn.Module's own registry, `_modules`, whose keys are the state_dict prefixes.
 */
export function moduleRef(owner: string, name: string): string {
  return isPlainAttribute(name) ? `${owner}.${name}` : `${owner}._modules[${pyStr(name)}]`;
}

export function emitModel(plan: Plan): string {
  const init: string[] = [];
  for (const layer of plan.layers) {
    const c = layerOf(layer).pytorch.module(layer);
    if (c === undefined) continue;
    // add_module refuses names nn.Module already uses as attributes; the registry itself takes any name.
    init.push(
      isPlainAttribute(layer.name) ? `self.${layer.name} = ${c}` : `self._modules[${pyStr(layer.name)}] = ${c}  # not an attribute name`,
    );
  }
  // Layer names are identifiers and shapes numbers, so the docstring needs no escaping beyond pyComment.
  const shapes = plan.layers.map((l) => {
    const py = layerOf(l).pytorch;
    return `        ${pyComment(py.docName === undefined ? l.name : py.docName(l))} → [${l.outputShape.join(", ")}]`;
  });
  // The classes some layers need (a small nn.Module PyTorch lacks), each once, in first-use order.
  const classes = [...new Set(plan.layers.flatMap((l) => layerOf(l).pytorch.classes?.(l) ?? []))];
  return [
    ...classes.map((c) => `${c}\n\n`),
    `class Model(nn.Module):`,
    `    """`,
    `    Input [${plan.inputShape.join(", ")}], then per layer its output shape (per sample):`,
    ...shapes,
    `    """`,
    ``,
    `    def __init__(self) -> None:`,
    `        super().__init__()`,
    ...(init.length ? init.map((l) => `        ${l}`) : ["        pass"]),
    ``,
    `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
    ...plan.layers.map((l) => `        ${layerOf(l).pytorch.forward(l, moduleRef("self", l.name))}`),
    `        return x`,
  ].join("\n");
}

export function emitInit(plan: Plan, paths: PythonPaths): string {
  const lines: string[] = [];
  const initPaths = { expression: (path: string) => paths.expression(path), modelFrom: plan.initFrom };
  for (const layer of plan.layers) lines.push(...layerOf(layer).pytorch.init(layer, moduleRef("model", layer.name), initPaths));
  return [
    `@torch.no_grad()`,
    `def init_parameters(model: Model) -> None:`,
    `    """The spec's initializers; tensors not named here keep PyTorch's default initialisation."""`,
    ...(lines.length ? lines.map((l) => `    ${l}`) : ["    pass"]),
  ].join("\n");
}
