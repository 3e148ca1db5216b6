/** Compiler diagnostics → LSP diagnostics: exact ranges, the NNxxxx code, and the suggestions for quick fixes. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Severity } from "../grammar/span.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { toRange } from "./ranges.ts";

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function lspDiagnostics(analysis: DocumentAnalysis, doc: TextDocument): LspDiagnostic[] {
  return analysis.diagnostics.map((d) => ({
    range: toRange(doc, d.span),
    severity: severities[d.severity],
    code: d.code,
    source: "nnc",
    message: d.message,
    ...(d.suggestions !== undefined ? { data: { suggestions: d.suggestions } } : {}),
  }));
}
