/**
 * Quick fixes: "did you mean" replacements for unknown names (from `Diagnostic.suggestions`), He init
 * instead of Xavier under ReLU (NN5003), He init instead of a constant init (NN5001), and AdamW's
 * decoupled weight decay instead of an L2 term with Adam (NN5007).
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../grammar/ast.ts";
import type { Diagnostic } from "../grammar/span.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { lspDiagnostics } from "./diagnostics.ts";
import { overlaps, toRange } from "./ranges.ts";

function fix(title: string, doc: TextDocument, edits: TextEdit[], diagnostic: LspDiagnostic, preferred: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { changes: { [doc.uri]: edits } },
  };
}

function replace(doc: TextDocument, d: Diagnostic, text: string): TextEdit {
  return { range: toRange(doc, d.span), newText: text };
}

function spanText(doc: TextDocument, d: Diagnostic): string {
  return doc.getText().slice(d.span.start.offset, d.span.end.offset);
}

export function codeActions(analysis: DocumentAnalysis, doc: TextDocument, from: number, to: number): CodeAction[] {
  const lsp = lspDiagnostics(analysis, doc);
  const actions: CodeAction[] = [];
  analysis.diagnostics.forEach((d, i) => {
    if (!overlaps(d.span, from, to)) return;
    const shown = lsp[i];
    if (d.code === "NN5003") {
      // The span is the `weight_init` value; the suggestion is the matching He initializer.
      const he = d.suggestions?.[0] ?? "he_normal()";
      if (/^xavier_/.test(spanText(doc, d))) actions.push(fix(`Use ${he} (He init for ReLU)`, doc, [replace(doc, d, he)], shown, true));
    } else if (d.code === "NN5001") {
      if (/^(zeros|constant)\b/.test(spanText(doc, d)))
        actions.push(fix("Use he_normal() to break the symmetry", doc, [replace(doc, d, "he_normal()")], shown, true));
    } else if (d.code === "NN5007") {
      const edits = adamwEdits(analysis.file, doc, d);
      if (edits !== undefined) actions.push(fix("Switch to adamw with decoupled weight_decay", doc, edits, shown, true));
    } else if (d.suggestions !== undefined) {
      d.suggestions.forEach((s, k) => actions.push(fix(`Change to \`${s}\``, doc, [replace(doc, d, s)], shown, k === 0)));
    }
  });
  return actions;
}

function setting(file: A.File, block: string, key: string): A.SettingStatement | undefined {
  const b = file.statements.find((s): s is A.BlockStatement => s.kind === "BlockStatement" && s.call.callee.name === block);
  return b?.body?.statements.find((s): s is A.SettingStatement => s.kind === "SettingStatement" && s.key.name === key);
}

/**
 * `optimizer = adam(lr = 1e-3)` + `regularize = [l2(1e-4)]` → `optimizer = adamw(lr = 1e-3, weight_decay = 1e-4)`
 * and the l2 term removed (the decay rate is 2λ, the gradient of λ·ΣW²). Offered only for a plain `l2(λ)`: one restricted to some layers or to the
 * biases has no AdamW equivalent (AdamW decays every parameter the optimizer updates).
 */
function adamwEdits(file: A.File, doc: TextDocument, d: Diagnostic): TextEdit[] | undefined {
  const text = doc.getText();
  const optimizer = setting(file, "train", "optimizer");
  const regularize = setting(file, "train", "regularize");
  if (optimizer?.value.kind !== "CallExpression" || regularize?.value.kind !== "ListExpression") return undefined;
  const list = regularize.value;
  const index = list.items.findIndex((e) => e.span.start.offset === d.span.start.offset);
  const l2 = list.items[index];
  if (l2?.kind !== "CallExpression" || l2.args.length !== 1 || (l2.args[0].name !== undefined && l2.args[0].name.name !== "lambda"))
    return undefined;
  // l2(λ) adds λ·ΣW² (gradient 2λW), so the matching decay rate is 2λ.
  const arg = l2.args[0].value;
  const lambda = arg.kind === "NumberLiteral" ? String(2 * arg.value) : `2 * (${text.slice(arg.span.start.offset, arg.span.end.offset)})`;
  const call = optimizer.value;
  const edits: TextEdit[] = [{ range: toRange(doc, call.callee.span), newText: "adamw" }];
  const wd = call.args.find((a) => a.name?.name === "weight_decay");
  if (wd !== undefined) edits.push({ range: toRange(doc, wd.value.span), newText: lambda });
  else if (!call.hasParens)
    edits.push({ range: toRange(doc, { start: call.callee.span.end, end: call.callee.span.end }), newText: `(weight_decay = ${lambda})` });
  else {
    const close = doc.positionAt(call.span.end.offset - 1);
    edits.push({ range: { start: close, end: close }, newText: `${call.args.length > 0 ? ", " : ""}weight_decay = ${lambda}` });
  }
  if (list.items.length === 1) {
    // The only term: the whole `regularize = [...]` line goes.
    const start = doc.positionAt(regularize.span.start.offset);
    const end = doc.positionAt(regularize.span.end.offset);
    const wholeLine = text.slice(doc.offsetAt({ line: start.line, character: 0 }), regularize.span.start.offset).trim() === "";
    edits.push({
      range: wholeLine ? { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } } : { start, end },
      newText: "",
    });
  } else {
    // Remove the item with the separator that follows it (or, for the last one, the one before it).
    const next = list.items[index + 1];
    const prev = list.items[index - 1];
    const span = next !== undefined ? { start: l2.span.start, end: next.span.start } : { start: prev.span.end, end: l2.span.end };
    edits.push({ range: toRange(doc, span), newText: "" });
  }
  return edits;
}
