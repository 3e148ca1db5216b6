/** The outline (document symbols) and folding ranges, read straight off the syntax tree. */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../grammar/ast.ts";
import { walk } from "../grammar/visit.ts";
import type { DocumentAnalysis, LayerRow } from "./analysis.ts";
import { layerHintLabel } from "./inlay-hints.ts";
import { toRange } from "./ranges.ts";

/** Layer rows by the offset their statement starts at (a lookup per layer statement, not a scan). */
type RowsByStart = ReadonlyMap<number, LayerRow>;

function statementSymbol(s: A.Statement, doc: TextDocument, rows: RowsByStart): DocumentSymbol {
  const range = toRange(doc, s.span);
  switch (s.kind) {
    case "LetStatement":
      return { name: s.name.name, kind: SymbolKind.Constant, range, selectionRange: toRange(doc, s.name.span) };
    case "SettingStatement":
      return { name: s.key.name, kind: SymbolKind.Property, range, selectionRange: toRange(doc, s.key.span) };
    case "LayerStatement": {
      const row = rows.get(s.span.start.offset);
      const detail = s.call.callee.name + (row === undefined ? "" : " " + layerHintLabel(row.outputShape, row.parameters));
      return { name: s.name.name, detail, kind: SymbolKind.Field, range, selectionRange: toRange(doc, s.name.span) };
    }
    case "BlockDefinition": {
      const children = s.body.statements.map((c) => statementSymbol(c, doc, rows));
      return { name: s.name.name, detail: "block", kind: SymbolKind.Class, range, selectionRange: toRange(doc, s.name.span), children };
    }
    case "BlockStatement": {
      const children = (s.body?.statements ?? []).map((c) => statementSymbol(c, doc, rows));
      const isBlock = s.body !== undefined && !s.call.hasParens;
      return {
        name: s.call.callee.name,
        kind: isBlock ? SymbolKind.Module : SymbolKind.Field,
        range,
        selectionRange: toRange(doc, s.call.callee.span),
        children,
      };
    }
  }
}

export function documentSymbols(analysis: DocumentAnalysis, doc: TextDocument): DocumentSymbol[] {
  const rows = new Map(analysis.layers.map((l) => [l.span.start.offset, l]));
  return analysis.file.statements.map((s) => statementSymbol(s, doc, rows));
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
