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
    }
  | {
      /**
       * The shortcut of a block whose instances differ in it (a stage's first block projects, the others pass
       * the input): the class takes it as torchvision's BasicBlock takes `downsample`, None for the identity.
       */
      readonly kind: "shortcut";
      readonly local: string;
      readonly module: TorchModule | undefined;
      readonly inputs: readonly number[];
      readonly output: number;
    };

export interface TorchModule {
  readonly scope: ModelScope;
  /** The nearest enclosing block instance (class names of branches start with its definition's name). */
  readonly block: ModelScope | undefined;
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

/** Block definitions some of whose instances have a projection shortcut and others the identity. */
function mixedShortcuts(root: ModelScope): Set<string> {
  const kinds = new Map<string, Set<string>>();
  const visit = (s: ModelScope, block: string | undefined): void => {
    const own = s.kind === "block" ? s.block : block;
    if (s.kind === "residual" && own !== undefined && s.shortcut !== undefined)
      kinds.set(own, (kinds.get(own) ?? new Set()).add(s.shortcut));
    for (const i of s.items) if (i.kind === "scope") visit(i.scope, own);
  };
  visit(root, undefined);
  return new Set([...kinds].filter(([, k]) => k.size > 1).map(([name]) => name));
}

function build(plan: Plan, scope: ModelScope, block: ModelScope | undefined, shortcut: boolean, mixed: ReadonlySet<string>): TorchModule {
  const nodes: ModuleNode[] = [];
  const inner = scope.kind === "block" ? scope : block;
  const optional = inner?.block !== undefined && mixed.has(inner.block);
  const walk = (s: ModelScope): void => {
    for (const item of s.items) {
      if (item.kind === "layer") {
        const layer = plan.layers[item.index];
        const name = local(scope.path, layer.name);
        if (optional && s.kind === "residual" && s.shortcut === "identity" && layer.kind === "add") {
          // The identity instance of a block whose shortcut varies: `identity = x` through the absent downsample.
          const passed = -2 - item.index;
          nodes.push({ kind: "shortcut", local: "downsample", module: undefined, inputs: [layer.inputs[1]], output: passed });
          nodes.push({ kind: "layer", local: name, layer, inputs: [layer.inputs[0], passed], output: item.index });
        } else nodes.push({ kind: "layer", local: name, layer, inputs: layer.inputs, output: item.index });
      } else if (item.scope.path === scope.path) walk(item.scope);
      else if (layersOf(item.scope).length > 0) {
        const isShortcut = s.kind === "residual" && item.scope.kind === "branch";
        const child = build(plan, item.scope, inner, isShortcut, mixed);
        const member = local(scope.path, item.scope.path);
        nodes.push({
          kind: isShortcut && optional ? "shortcut" : "module",
          local: member,
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
        (n.kind === "module" || (n.kind === "layer" && layerOf(n.layer).pytorch.module(n.layer) !== undefined)),
    );
  return { scope, block, nodes, input, output: Math.max(...own), sequential, shortcut };
}

const trees = new WeakMap<Plan, TorchModule>();

/** The model's module tree (built once per plan). */
export function moduleTree(plan: Plan): TorchModule {
  let tree = trees.get(plan);
  if (tree === undefined) {
    tree = build(plan, plan.scopes, undefined, false, mixedShortcuts(plan.scopes));
    trees.set(plan, tree);
  }
  return tree;
}

/** The dotted paths of the modules that are nn.Sequential (their members are indexed: `layer1[0]`). */
function sequentialPaths(plan: Plan): Set<string> {
  const out = new Set<string>();
  const visit = (m: TorchModule): void => {
    if (m.sequential) out.add(m.scope.path);
    for (const n of m.nodes) if (n.kind !== "layer" && n.module !== undefined) visit(n.module);
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
