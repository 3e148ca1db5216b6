/**
 * The nesting of `nnc check`'s table: the model's module tree (plan.scopes) with, for every block instance,
 * repetition, branch and named residual or merge, its output shape and the subtotals of its layers'
 * parameters and FLOPs. An anonymous residual or merge shares its enclosing module's names (torchvision's
 * BasicBlock holds conv1 and downsample side by side), so it gets no row: its layers stand in the module.
 */
import type { ModelScope, ScopeKind } from "./plan/model-scope.ts";

/** A module of the tree: `layer1` (`repeat 3 × basic`), `layer1.0` (`basic(c = 64, stride = 1)`). */
export interface SummaryModule {
  /** The dotted path, the prefix of every tensor name inside (`layer1.0`). */
  readonly name: string;
  readonly scope: ScopeKind;
  /** `basic(c = 64, stride = 2)`, `repeat 3 × basic`, `branch`. */
  readonly kind: string;
  /** The shape its last layer gives: the module's output. */
  readonly outputShape: readonly number[];
  readonly parameters: number;
  /** Forward FLOPs per sample of its layers together. */
  readonly flops: number;
  readonly children: readonly SummaryNode[];
}

/** A layer (an index into the summary's rows) or a module holding more. */
export type SummaryNode = { readonly layer: number } | SummaryModule;

/** What the tree needs of a layer row. */
interface LayerFacts {
  readonly kind: string;
  readonly outputShape: readonly number[];
  readonly parameters: number;
  readonly flops: number;
}

export function summaryTree(scope: ModelScope, rows: readonly LayerFacts[]): SummaryNode[] {
  return children(scope, rows);
}

function children(scope: ModelScope, rows: readonly LayerFacts[]): SummaryNode[] {
  const out: SummaryNode[] = [];
  for (const item of scope.items) {
    if (item.kind === "layer") out.push({ layer: item.index });
    else if (item.scope.path === scope.path) out.push(...children(item.scope, rows));
    else {
      const module = moduleOf(item.scope, scope, rows);
      if (module !== undefined) out.push(module);
    }
  }
  return out;
}

/** A scope as a row; undefined for one without layers (an empty branch is the identity, with nothing to show). */
function moduleOf(scope: ModelScope, parent: ModelScope, rows: readonly LayerFacts[]): SummaryModule | undefined {
  const inner = children(scope, rows);
  const layers = layerIndices(inner);
  if (layers.length === 0) return undefined;
  const last = layers.reduce((a, b) => Math.max(a, b));
  return {
    name: scope.path,
    scope: scope.kind,
    kind: describe(scope, parent, rows),
    outputShape: rows[last].outputShape,
    parameters: layers.reduce((s, i) => s + rows[i].parameters, 0),
    flops: layers.reduce((s, i) => s + rows[i].flops, 0),
    children: inner,
  };
}

export function layerIndices(nodes: readonly SummaryNode[]): number[] {
  const out: number[] = [];
  const visit = (n: SummaryNode): void => {
    if ("layer" in n) out.push(n.layer);
    else n.children.forEach(visit);
  };
  nodes.forEach(visit);
  return out;
}

function describe(scope: ModelScope, parent: ModelScope, rows: readonly LayerFacts[]): string {
  switch (scope.kind) {
    case "block":
      return `${scope.block ?? "block"}(${scope.args.map((a) => `${a.name} = ${a.value}`).join(", ")})`;
    case "repeat": {
      // The repeated unit: the last copy's (the first may differ, `first = basic(128, stride = 2)`).
      const last = scope.items[scope.items.length - 1];
      const unit = last === undefined ? "" : last.kind === "scope" ? (last.scope.block ?? last.scope.kind) : rows[last.index].kind;
      return `repeat ${scope.items.length} × ${unit}`;
    }
    case "residual":
      return `residual (${scope.shortcut ?? "identity"} shortcut)`;
    case "branch":
      // A residual's own branch layers stand in it directly; a branch scope inside is its projection.
      return parent.kind === "residual" ? "projection shortcut" : "branch";
    default:
      return scope.kind;
  }
}
