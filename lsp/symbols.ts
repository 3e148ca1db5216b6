/**
 * The names a spec declares — constants (`let`), layers (`fc1: dense(...)`), data sets (`train = ...` in
 * `data`) — and every reference to them, for definition, references, rename, highlighting and outlines.
 */
import type * as A from "../grammar/ast.ts";
import type { Span } from "../grammar/span.ts";
import { walk } from "../grammar/visit.ts";

export type SymbolKind = "constant" | "layer" | "dataset";

export interface Declaration {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly nameSpan: Span;
  readonly statementSpan: Span;
}

export interface Reference {
  /** The span of the referring name itself (`validation` in `validation.loss`). */
  readonly span: Span;
  readonly declaration: Declaration;
}

export interface SymbolTable {
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
}

const dataSets = new Set(["train", "validation", "test"]);

function blockBody(file: A.File, name: string): readonly A.Statement[] {
  for (const s of file.statements) {
    if (s.kind === "BlockStatement" && s.call.callee.name === name && !s.call.hasParens) return s.body?.statements ?? [];
  }
  return [];
}

function declarations(file: A.File): Declaration[] {
  const out: Declaration[] = [];
  for (const s of file.statements) {
    if (s.kind === "LetStatement") out.push({ name: s.name.name, kind: "constant", nameSpan: s.name.span, statementSpan: s.span });
  }
  for (const s of blockBody(file, "model")) {
    if (s.kind === "LayerStatement") out.push({ name: s.name.name, kind: "layer", nameSpan: s.name.span, statementSpan: s.span });
  }
  for (const s of blockBody(file, "data")) {
    if (s.kind === "SettingStatement" && dataSets.has(s.key.name)) {
      out.push({ name: s.key.name, kind: "dataset", nameSpan: s.key.span, statementSpan: s.span });
    }
  }
  return out;
}

/**
 * Which declaration a bare or dotted name means. `validation.loss` names a data set; inside
 * `layers = [...]` a name is a layer; elsewhere constants come first (they may appear anywhere a value
 * may), then layers, then data sets (`split(train, 0.1)`).
 */
function resolve(
  ref: A.ReferenceExpression,
  inLayersArg: boolean,
  byKind: Map<SymbolKind, Map<string, Declaration>>,
): Declaration | undefined {
  const name = ref.path[0].name;
  const get = (k: SymbolKind): Declaration | undefined => byKind.get(k)?.get(name);
  if (ref.path.length > 1) return get("dataset");
  if (inLayersArg) return get("layer") ?? get("constant");
  return get("constant") ?? get("layer") ?? get("dataset");
}

export function collectSymbols(file: A.File): SymbolTable {
  const decls = declarations(file);
  const byKind = new Map<SymbolKind, Map<string, Declaration>>();
  for (const d of decls) {
    const m = byKind.get(d.kind) ?? new Map<string, Declaration>();
    if (!m.has(d.name)) m.set(d.name, d); // a duplicate is an error the checker reports; the first one wins
    byKind.set(d.kind, m);
  }
  const references: Reference[] = [];
  const stack: A.Node[] = [];
  walk(file, {
    enter(node) {
      stack.push(node);
      if (node.kind !== "ReferenceExpression") return;
      const inLayersArg = stack.some((n) => n.kind === "Argument" && n.name?.name === "layers");
      const declaration = resolve(node, inLayersArg, byKind);
      if (declaration !== undefined) references.push({ span: node.path[0].span, declaration });
    },
    leave() {
      stack.pop();
    },
  });
  return { declarations: decls, references };
}

/** The declaration whose name, or one of whose references, contains `offset`. */
export function symbolAt(table: SymbolTable, offset: number): Declaration | undefined {
  const inside = (s: Span): boolean => s.start.offset <= offset && offset <= s.end.offset;
  return table.declarations.find((d) => inside(d.nameSpan)) ?? table.references.find((r) => inside(r.span))?.declaration;
}

/** Every occurrence of a declaration: its own name first, then the references in source order. */
export function occurrences(table: SymbolTable, d: Declaration): Span[] {
  return [d.nameSpan, ...table.references.filter((r) => r.declaration === d).map((r) => r.span)];
}
