/**
 * Inlay hints: `→ [256] · 200,960 params` after each layer, and the model's total after `model`. A block
 * instance, repetition, residual or merge gets its whole module's output and parameters (before its `{`
 * when it has one); a layer inside a block definition gets its shape in every instance of the block, once
 * when they agree, each different value otherwise (lsp/graph-facts.ts, docs/editor.md).
 */
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { groupDigits } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { graphFacts, instancesLabel } from "./graph-facts.ts";

export function layerHintLabel(outputShape: readonly number[], parameters: number): string {
  return instancesLabel([{ path: "", outputShape, parameters }])!;
}

export function inlayHints(analysis: DocumentAnalysis, doc: TextDocument, from: number, to: number): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const f of graphFacts(analysis).statements) {
    const label = instancesLabel(f.instances);
    if (label === undefined || f.hintAt < from || f.hintAt > to) continue;
    hints.push({ position: doc.positionAt(f.hintAt), label, kind: InlayHintKind.Type, paddingLeft: true });
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
