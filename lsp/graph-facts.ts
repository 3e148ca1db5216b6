/**
 * What the checker found out about each model statement, for inlay hints, hover and the outline. A
 * statement inside a block definition stands for one layer (or module) per instance of the block, so its
 * facts are a list: `conv1` of `bottleneck` is `layer1.0.conv1`, `layer1.1.conv1`, … A block instance,
 * repetition, residual or merge is described by its whole module: the last layer's shape (its output) and
 * the parameters of all its layers (the module tree, compiler/plan/model-scope.ts).
 */
import type * as A from "../grammar/ast.ts";
import { groupDigits, STRUCTURAL, type ModelScope, type ScopeKind } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";

export interface Instance {
  /** `layer1.0.conv1`; a module's path (an anonymous residual shares its block's). */
  readonly path: string;
  readonly outputShape: readonly number[];
  readonly parameters: number;
  /** A block instance's arguments after evaluation: `c = 64`, `stride = 2`. */
  readonly args?: readonly { readonly name: string; readonly value: string }[];
}

export interface StatementFacts {
  readonly statement: A.LayerStatement | A.BlockStatement;
  readonly instances: readonly Instance[];
  /** Where its hint goes: after the statement, or before the `{` of a statement with a body of layers. */
  readonly hintAt: number;
}

export interface GraphFacts {
  /** Every layer statement of the model and of the block definitions, in source order. */
  readonly statements: readonly StatementFacts[];
  readonly byStart: ReadonlyMap<number, StatementFacts>;
  /** A block's instances by block name, in the order the model builds them. */
  readonly instancesOf: ReadonlyMap<string, readonly Instance[]>;
}

const cache = new WeakMap<DocumentAnalysis, GraphFacts>();

export function graphFacts(analysis: DocumentAnalysis): GraphFacts {
  let facts = cache.get(analysis);
  if (facts === undefined) {
    facts = build(analysis);
    cache.set(analysis, facts);
  }
  return facts;
}

function build(analysis: DocumentAnalysis): GraphFacts {
  const rows = analysis.layers;
  const rowsAt = new Map<number, Instance[]>();
  for (const r of rows) push(rowsAt, r.span.start.offset, { path: r.name, outputShape: r.outputShape, parameters: r.parameters });
  const modulesAt = new Map<number, (Instance & { kind: ScopeKind })[]>();
  const instancesOf = new Map<string, Instance[]>();
  const visit = (scope: ModelScope): number[] => {
    const layers: number[] = [];
    for (const item of scope.items) layers.push(...(item.kind === "layer" ? [item.index] : visit(item.scope)));
    if (scope.kind !== "model" && layers.length > 0 && rows.length > 0) {
      const last = rows[layers.reduce((a, b) => Math.max(a, b))];
      const module = {
        kind: scope.kind,
        path: scope.path,
        outputShape: last.outputShape,
        parameters: layers.reduce((s, i) => s + rows[i].parameters, 0),
        args: scope.args,
      };
      push(modulesAt, scope.span.start.offset, module);
      if (scope.kind === "block" && scope.block !== undefined) push(instancesOf, scope.block, module);
    }
    return layers;
  };
  if (analysis.scopes !== undefined && rows.length > 0) visit(analysis.scopes);

  const blocks = new Set(analysis.file.statements.flatMap((s) => (s.kind === "BlockDefinition" ? [s.name.name] : [])));
  const statements: StatementFacts[] = [];
  const walk = (list: readonly A.Statement[]): void => {
    for (const s of list) {
      if (s.kind !== "LayerStatement" && s.kind !== "BlockStatement") continue;
      const callee = s.call.callee.name;
      const structural = (STRUCTURAL as readonly string[]).includes(callee) || blocks.has(callee);
      let instances: readonly Instance[];
      if (!structural) instances = rowsAt.get(s.span.start.offset) ?? [];
      else {
        const kind: ScopeKind = blocks.has(callee) ? "block" : (callee as ScopeKind);
        const at = callee === "branch" ? s.span.start.offset : s.call.span.start.offset;
        instances = (modulesAt.get(at) ?? []).filter((m) => m.kind === kind);
      }
      const hintAt = structural && s.body !== undefined ? s.call.span.end.offset : s.span.end.offset;
      statements.push({ statement: s, instances, hintAt });
      if (structural && s.body !== undefined) walk(s.body.statements);
    }
  };
  for (const s of analysis.file.statements) {
    if (s.kind === "BlockDefinition") walk(s.body.statements);
    else if (s.kind === "BlockStatement" && s.call.callee.name === "model" && !s.call.hasParens) walk(s.body?.statements ?? []);
  }
  statements.sort((a, b) => a.statement.span.start.offset - b.statement.span.start.offset);
  return { statements, byStart: new Map(statements.map((f) => [f.statement.span.start.offset, f])), instancesOf };
}

function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [value]);
  else list.push(value);
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** `a / b / c`; more than three: the first and the last (the hover lists every instance). */
function alternatives(values: readonly string[]): string {
  const distinct = [...new Set(values)];
  return distinct.length <= 3 ? distinct.join(" / ") : `${distinct[0]} … ${distinct[distinct.length - 1]}`;
}

/**
 * `→ [256] · 200,960 params`, as a sequential layer's hint. Instances that differ show each different
 * value, `→ [64, 8, 8] / [128, 4, 4] · 36,864 / 147,456 params (2 instances)`, or past three the first and
 * the last: `→ [64, 32, 32] … [512, 4, 4] · 4,096 … 1,048,576 params (16 instances)`.
 */
export function instancesLabel(instances: readonly Instance[]): string | undefined {
  if (instances.length === 0) return undefined;
  const shapes = alternatives(instances.map((i) => shapeText(i.outputShape)));
  const params = instances.every((i) => i.parameters === 0)
    ? ""
    : ` · ${alternatives(instances.map((i) => groupDigits(i.parameters)))} params`;
  const same = instances.every(
    (i) => shapeText(i.outputShape) === shapeText(instances[0].outputShape) && i.parameters === instances[0].parameters,
  );
  return `→ ${shapes}${params}${same || instances.length === 1 ? "" : ` (${instances.length} instances)`}`;
}

/** One line per instance for hover: `layer1.0.conv1 → [64, 8, 8] · 36,864 params`, at most `limit` of them. */
export function instanceLines(instances: readonly Instance[], limit = 12): string[] {
  const lines = instances
    .slice(0, limit)
    .map(
      (i) =>
        `- \`${i.path}\`${i.args?.length ? ` (${i.args.map((a) => `${a.name} = ${a.value}`).join(", ")})` : ""} ${instancesLabel([i])}`,
    );
  if (instances.length > limit) lines.push(`- … ${instances.length - limit} more`);
  return lines;
}
