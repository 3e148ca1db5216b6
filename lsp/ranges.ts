/** Compiler spans (UTF-16 offsets) ↔ LSP ranges, through the document so both sides agree on line breaks. */
import type { Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../grammar/span.ts";

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start.offset), end: doc.positionAt(span.end.offset) };
}

export function contains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

export function overlaps(span: Span, from: number, to: number): boolean {
  return span.start.offset <= to && from <= span.end.offset;
}
