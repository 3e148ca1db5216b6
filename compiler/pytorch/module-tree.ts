/**
 * The PyTorch module tree of a model, read from the plan's scopes (compiler/plan/model-scope.ts): every
 * scope with a path of its own (a block instance, a repetition, a named or numbered branch) becomes a child
 * module, so `state_dict()` names are the plan's tensor names (`layer1.0.conv1.weight`); a scope that shares
 * its enclosing path (a residual, an anonymous merge) adds its layers to the enclosing module, as torchvision's
 * BasicBlock holds conv1, bn1 and downsample side by side. A child whose members are numbered layers or modules
 * one after another (a repetition, a projection shortcut) is an nn.Sequential; any other is a class.
 */
import type { LayerPlan, Plan } from "../ir.ts";
import { layerOf } from "../definitions/layers/index.ts";
import type { ModelScope } from "../plan/model-scope.ts";
import { isPlainAttribute, pyStr } from "./literals.ts";

/** One statement of a module's forward: a layer of the module itself, or a child module called as a whole. */
export type ModuleNode =
  | {
      readonly kind: "layer";
      readonly local: string;
      readonly layer: LayerPlan;
      readonly inputs: readonly number[];
      readonly output: number;
    }
  | {
      readonly kind: "module";
      readonly local: string;
      readonly module: TorchModule;
      readonly inputs: readonly number[];
      readonly output: number;
    };

export interface TorchModule {
  readonly scope: ModelScope;
  /** The nearest enclosing block definition's name (class names of branches start with it). */
  readonly block: string | undefined;
  readonly nodes: readonly ModuleNode[];
  /** The value the module reads: a layer index, or -1 for the model's input. */
  readonly input: number;
  /** The layer whose output the module returns. */
  readonly output: number;
  readonly sequential: boolean;
  /** A residual's projection shortcut, whose value torchvision calls `identity`. */
  readonly shortcut: boolean;
}

function layersOf(scope: ModelScope): number[] {
  return scope.items.flatMap((i) => (i.kind === "layer" ? [i.index] : layersOf(i.scope)));
}

function local(path: string, name: string): string {
  const rest = path === "" ? name : name.slice(path.length + 1);
  if ((path !== "" && !name.startsWith(`${path}.`)) || rest === "" || rest.includes("."))
    throw new Error(`internal: ${name} is not a direct member of the module ${path || "Model"}`);
  return rest;
}

function build(plan: Plan, scope: ModelScope, block: string | undefined, shortcut: boolean): TorchModule {
  const nodes: ModuleNode[] = [];
  const inner = scope.kind === "block" ? scope.block : block;
  const walk = (s: ModelScope): void => {
    for (const item of s.items) {
      if (item.kind === "layer") {
        const layer = plan.layers[item.index];
        nodes.push({ kind: "layer", local: local(scope.path, layer.name), layer, inputs: layer.inputs, output: item.index });
      } else if (item.scope.path === scope.path) walk(item.scope);
      else if (layersOf(item.scope).length > 0) {
        const child = build(plan, item.scope, inner, s.kind === "residual" && item.scope.kind === "branch");
        nodes.push({
          kind: "module",
          local: local(scope.path, item.scope.path),
          module: child,
          inputs: [child.input],
          output: child.output,
        });
      }
      // A scope without layers is an empty `branch { }`: the identity, whose value its merge reads directly.
    }
  };
  walk(scope);
  const own = new Set(layersOf(scope));
  const outside = new Set([...own].flatMap((i) => plan.layers[i].inputs.filter((j) => !own.has(j))));
  if (outside.size !== 1) throw new Error(`internal: the module ${scope.path || "Model"} reads ${outside.size} values from outside`);
  const input = [...outside][0];
  const sequential =
    scope.kind !== "model" &&
    nodes.every(
      (n, i) =>
        n.local === String(i) &&
        n.inputs.length === 1 &&
        n.inputs[0] === (i === 0 ? input : nodes[i - 1].output) &&
        (n.kind === "module" || layerOf(n.layer).pytorch.module(n.layer) !== undefined),
    );
  return { scope, block, nodes, input, output: Math.max(...own), sequential, shortcut };
}

const trees = new WeakMap<Plan, TorchModule>();

/** The model's module tree (built once per plan). */
export function moduleTree(plan: Plan): TorchModule {
  let tree = trees.get(plan);
  if (tree === undefined) {
    tree = build(plan, plan.scopes, undefined, false);
    trees.set(plan, tree);
  }
  return tree;
}

/** The dotted paths of the modules that are nn.Sequential (their members are indexed: `layer1[0]`). */
function sequentialPaths(plan: Plan): Set<string> {
  const out = new Set<string>();
  const visit = (m: TorchModule): void => {
    if (m.sequential) out.add(m.scope.path);
    for (const n of m.nodes) if (n.kind === "module") visit(n.module);
  };
  visit(moduleTree(plan));
  return out;
}

const sequentials = new WeakMap<Plan, Set<string>>();

/**
 * The Python reference to a layer's module from `owner`: `model.fc1`, `model.layer1[0].conv1`; a name that
 * cannot be an attribute (`forward`, `lambda`, …) is looked up in nn.Module's own registry, `_modules`,
 * whose keys are the state_dict prefixes.
 */
export function moduleRef(plan: Plan, owner: string, name: string): string {
  let seq = sequentials.get(plan);
  if (seq === undefined) {
    seq = sequentialPaths(plan);
    sequentials.set(plan, seq);
  }
  let ref = owner;
  let path = "";
  for (const part of name.split(".")) {
    if (seq.has(path) && /^\d+$/.test(part)) ref += `[${part}]`;
    else ref += isPlainAttribute(part) ? `.${part}` : `._modules[${pyStr(part)}]`;
    path = path === "" ? part : `${path}.${part}`;
  }
  return ref;
}
