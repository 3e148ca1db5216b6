/** Inlay hints: `→ [256] · 200,960 params` after each layer, and the model's total after `model`. */
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { groupDigits } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";

export function layerHintLabel(outputShape: readonly number[], parameters: number): string {
  return `→ [${outputShape.join(", ")}]` + (parameters > 0 ? ` · ${groupDigits(parameters)} params` : "");
}

export function inlayHints(analysis: DocumentAnalysis, doc: TextDocument, from: number, to: number): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const row of analysis.layers) {
    const at = row.span.end.offset;
    if (at < from || at > to) continue;
    hints.push({
      position: doc.positionAt(at),
      label: layerHintLabel(row.outputShape, row.parameters),
      kind: InlayHintKind.Type,
      paddingLeft: true,
    });
  }
  const model = analysis.file.statements.find((s) => s.kind === "BlockStatement" && s.call.callee.name === "model");
  if (model !== undefined && analysis.layers.length > 0) {
    const total = analysis.plan?.parameterCount ?? analysis.layers.reduce((sum, l) => sum + l.parameters, 0);
    const at = model.kind === "BlockStatement" ? model.call.callee.span.end.offset : model.span.start.offset;
    if (at >= from && at <= to) {
      hints.push({ position: doc.positionAt(at), label: `${groupDigits(total)} params`, kind: InlayHintKind.Type, paddingLeft: true });
    }
  }
  return hints;
}
