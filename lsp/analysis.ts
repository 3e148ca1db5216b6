/**
 * One analysis per document version: the compiler's analyze() (syntax tree, every diagnostic, the plan, a
 * row per layer with its shape and parameters — the same front door the CLI uses) plus the editor's symbol
 * table, computed once and shared by all providers, so a burst of requests after an edit costs one check.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type Analysis, type DataHeaderSource } from "../compiler/index.ts";
import { collectSymbols, type SymbolTable } from "./symbols.ts";

export type { LayerRow } from "../compiler/index.ts";

export interface DocumentAnalysis extends Analysis {
  readonly uri: string;
  readonly version: number;
  readonly symbols: SymbolTable;
}

/** The folder relative paths in a spec resolve against: the spec's own folder (cwd for unsaved files). */
export function baseDirOf(uri: string): string {
  return uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : process.cwd();
}

export function sourceNameOf(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** `dataHeaders`: the data files' headers, from the server's background cache (lsp/data-headers.ts). */
export function analyzeDocument(doc: TextDocument, dataHeaders?: DataHeaderSource): DocumentAnalysis {
  const analysis = analyze(doc.getText(), { source: sourceNameOf(doc.uri), baseDir: baseDirOf(doc.uri), dataHeaders });
  return { ...analysis, uri: doc.uri, version: doc.version, symbols: collectSymbols(analysis.file) };
}
