/** The outline (document symbols) and folding ranges, read straight off the syntax tree. */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../grammar/ast.ts";
import { walk } from "../grammar/visit.ts";
import { STRUCTURAL } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { graphFacts, instancesLabel, type GraphFacts } from "./graph-facts.ts";
import { parameterName } from "./symbols.ts";
import { toRange } from "./ranges.ts";

/**
 * A statement's symbol. Block definitions are classes holding their layers; block instances, repetitions,
 * residuals, merges and branches are modules holding theirs; each layer's detail is its inlay hint.
 */
function statementSymbol(s: A.Statement, doc: TextDocument, facts: GraphFacts, blocks: ReadonlySet<string>): DocumentSymbol {
  const range = toRange(doc, s.span);
  const children = (statements: readonly A.Statement[] = []): DocumentSymbol[] =>
    statements.map((c) => statementSymbol(c, doc, facts, blocks));
  switch (s.kind) {
    case "LetStatement":
      return { name: s.name.name, kind: SymbolKind.Constant, range, selectionRange: toRange(doc, s.name.span) };
    case "SettingStatement":
      return { name: s.key.name, kind: SymbolKind.Property, range, selectionRange: toRange(doc, s.key.span) };
    case "BlockDefinition": {
      const params = s.params.map((p) => parameterName(p)?.name ?? "?").join(", ");
      const selectionRange = toRange(doc, s.name.span);
      return {
        name: s.name.name,
        detail: `block(${params})`,
        kind: SymbolKind.Class,
        range,
        selectionRange,
        children: children(s.body.statements),
      };
    }
    case "LayerStatement":
    case "BlockStatement": {
      const callee = s.call.callee.name;
      const label = instancesLabel(facts.byStart.get(s.span.start.offset)?.instances ?? []);
      const detail = [s.kind === "LayerStatement" ? callee : "", label ?? ""].filter((x) => x !== "").join(" ");
      const module = blocks.has(callee) || (STRUCTURAL as readonly string[]).includes(callee);
      const isTopBlock = s.kind === "BlockStatement" && s.body !== undefined && !s.call.hasParens && !module;
      const name = s.kind === "LayerStatement" ? s.name.name : callee;
      const selectionRange = toRange(doc, s.kind === "LayerStatement" ? s.name.span : s.call.callee.span);
      const kind = isTopBlock || module ? SymbolKind.Module : SymbolKind.Field;
      // A layer's `{ }` holds its overrides, not members of the outline; a module's and a top-level block's hold those.
      const members = isTopBlock || module ? children(s.body?.statements) : [];
      return { name, detail: detail === "" ? undefined : detail, kind, range, selectionRange, children: members };
    }
  }
}

export function documentSymbols(analysis: DocumentAnalysis, doc: TextDocument): DocumentSymbol[] {
  const facts = graphFacts(analysis);
  const blocks = new Set(analysis.file.statements.flatMap((s) => (s.kind === "BlockDefinition" ? [s.name.name] : [])));
  return analysis.file.statements.map((s) => statementSymbol(s, doc, facts, blocks));
}

export function foldingRanges(analysis: DocumentAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  walk(analysis.file, {
    enter(node) {
      if (node.kind === "Body" && node.span.end.line > node.span.start.line) {
        out.push({ startLine: node.span.start.line - 1, endLine: node.span.end.line - 2 });
      }
    },
  });
  // Runs of own-line comments fold together (a header comment, a commented-out block).
  const comments = analysis.file.comments;
  for (let i = 0; i < comments.length;) {
    let j = i;
    while (j + 1 < comments.length && comments[j + 1].span.start.line === comments[j].span.start.line + 1) j++;
    if (j > i)
      out.push({ startLine: comments[i].span.start.line - 1, endLine: comments[j].span.start.line - 1, kind: FoldingRangeKind.Comment });
    i = j + 1;
  }
  return out.filter((r) => r.endLine > r.startLine);
}
