/**
 * The names a spec declares — constants (`let`), layers (`fc1: dense(...)`), data sets (`train = ...` in
 * `data`), blocks (`block basic(c, stride = 1)`) and their parameters — and every reference to them, for
 * definition, references, rename, highlighting and outlines. A block's parameters and layers belong to the
 * block: a parameter is referred to in the block's body and defaults and by name in its calls
 * (`basic(64, stride = 2)`); a layer named inside a block is a name of that block only.
 */
import type * as A from "../grammar/ast.ts";
import type { Span } from "../grammar/span.ts";
import { walk } from "../grammar/visit.ts";

export type SymbolKind = "constant" | "layer" | "dataset" | "block" | "parameter";

export interface Declaration {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly nameSpan: Span;
  readonly statementSpan: Span;
  /** The block definition a parameter or a block's layer belongs to; undefined for the file's own names. */
  readonly owner: A.BlockDefinition | undefined;
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

/** The named layers of a body, also inside residuals, merges and branches (`b1: branch { conv: … }`). */
export function namedLayers(statements: readonly A.Statement[]): A.LayerStatement[] {
  const out: A.LayerStatement[] = [];
  for (const s of statements) {
    if (s.kind === "LayerStatement") out.push(s);
    if ((s.kind === "LayerStatement" || s.kind === "BlockStatement") && s.body !== undefined) out.push(...namedLayers(s.body.statements));
  }
  return out;
}

/** A parameter's name: `c` (required, written bare) or `stride` in `stride = 1`. */
export function parameterName(p: A.Argument): A.Identifier | undefined {
  if (p.name !== undefined) return p.name;
  return p.value.kind === "ReferenceExpression" && p.value.path.length === 1 ? p.value.path[0] : undefined;
}

function declarations(file: A.File): Declaration[] {
  const out: Declaration[] = [];
  const add = (name: A.Identifier, kind: SymbolKind, statementSpan: Span, owner?: A.BlockDefinition): void => {
    out.push({ name: name.name, kind, nameSpan: name.span, statementSpan, owner });
  };
  for (const s of file.statements) if (s.kind === "LetStatement") add(s.name, "constant", s.span);
  for (const s of namedLayers(blockBody(file, "model"))) add(s.name, "layer", s.span);
  for (const s of blockBody(file, "data")) {
    if (s.kind === "SettingStatement" && dataSets.has(s.key.name)) add(s.key, "dataset", s.span);
  }
  for (const def of file.statements) {
    if (def.kind !== "BlockDefinition") continue;
    add(def.name, "block", def.span);
    for (const p of def.params) {
      const name = parameterName(p);
      if (name !== undefined) add(name, "parameter", p.span, def);
    }
    for (const s of namedLayers(def.body.statements)) add(s.name, "layer", s.span, def);
  }
  return out;
}

type ByName = ReadonlyMap<string, Declaration>;

function firstByName(decls: readonly Declaration[]): Map<string, Declaration> {
  const m = new Map<string, Declaration>();
  for (const d of decls) if (!m.has(d.name)) m.set(d.name, d); // a duplicate is an error the checker reports; the first one wins
  return m;
}

/**
 * Which declaration a bare or dotted name means. `validation.loss` names a data set; inside a block a
 * parameter shadows everything; inside `layers = [...]` a name is a layer; elsewhere constants come first
 * (they may appear anywhere a value may), then layers, then data sets (`split(train, 0.1)`), then blocks
 * (`repeat(3, basic)`).
 */
function resolve(ref: A.ReferenceExpression, inLayersArg: boolean, params: ByName | undefined, byKind: Map<SymbolKind, ByName>) {
  const name = ref.path[0].name;
  const get = (k: SymbolKind): Declaration | undefined => byKind.get(k)?.get(name);
  if (ref.path.length > 1) return get("dataset");
  const param = params?.get(name);
  if (param !== undefined) return param;
  if (inLayersArg) return get("layer") ?? get("constant");
  return get("constant") ?? get("layer") ?? get("dataset") ?? get("block");
}

export function collectSymbols(file: A.File): SymbolTable {
  const decls = declarations(file);
  const byKind = new Map<SymbolKind, ByName>();
  for (const kind of ["constant", "layer", "dataset", "block"] as const) {
    byKind.set(kind, firstByName(decls.filter((d) => d.kind === kind && d.owner === undefined)));
  }
  const defs = file.statements.filter((s): s is A.BlockDefinition => s.kind === "BlockDefinition");
  const paramsOf = new Map(defs.map((d) => [d, firstByName(decls.filter((p) => p.kind === "parameter" && p.owner === d))]));
  const paramsByBlock = new Map(defs.map((d) => [d.name.name, paramsOf.get(d)!]));
  const declared = new Set(decls.map((d) => d.nameSpan.start.offset));
  const blocks = byKind.get("block")!;
  const references: Reference[] = [];
  const stack: A.Node[] = [];
  let def: A.BlockDefinition | undefined;
  walk(file, {
    enter(node) {
      stack.push(node);
      if (node.kind === "BlockDefinition") def = node;
      if (node.kind === "CallExpression") {
        const block = blocks.get(node.callee.name);
        if (block === undefined) return;
        references.push({ span: node.callee.span, declaration: block });
        const params = paramsByBlock.get(block.name);
        for (const a of node.args) {
          const param = a.name === undefined ? undefined : params?.get(a.name.name);
          if (param !== undefined) references.push({ span: a.name!.span, declaration: param });
        }
        return;
      }
      if (node.kind !== "ReferenceExpression" || declared.has(node.span.start.offset)) return;
      const inLayersArg = stack.some((n) => n.kind === "Argument" && n.name?.name === "layers");
      const declaration = resolve(node, inLayersArg, def === undefined ? undefined : paramsOf.get(def), byKind);
      if (declaration !== undefined) references.push({ span: node.path[0].span, declaration });
    },
    leave(node) {
      stack.pop();
      if (node.kind === "BlockDefinition") def = undefined;
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
