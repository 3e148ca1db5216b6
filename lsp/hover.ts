/**
 * Hover: for a registry name (optimizer, schedule, initializer, regularizer, layer...) its formula,
 * defaults and when to use it, from the registry's `details`; for an argument or setting key its type,
 * default and range; for a layer name its output shape and parameter count; for a constant its value.
 */
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../grammar/ast.ts";
import { nodePathAt } from "../grammar/visit.ts";
import { registry, settingsSpecs } from "../compiler/index.ts";
import { groupDigits } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { expectedAt, resolveCall } from "./context.ts";
import { entryMarkdown, paramMarkdown } from "./describe.ts";
import { toRange } from "./ranges.ts";
import { symbolAt, type Declaration } from "./symbols.ts";

function markdown(value: string, doc: TextDocument, node: A.Node): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, node.span) };
}

function declarationMarkdown(analysis: DocumentAnalysis, text: string, d: Declaration): string {
  if (d.kind === "layer") {
    const row = analysis.layers.find((l) => l.name === d.name);
    const head = "```nn\n" + text.slice(d.statementSpan.start.offset, d.statementSpan.end.offset) + "\n```";
    if (row === undefined) return `${head}\nlayer \`${d.name}\` (shape unknown until the model checks)`;
    return `${head}\nlayer \`${d.name}\`: output [${row.outputShape.join(", ")}], ${groupDigits(row.parameters)} parameters`;
  }
  const noun = d.kind === "constant" ? "constant" : "data set";
  return "```nn\n" + text.slice(d.statementSpan.start.offset, d.statementSpan.end.offset) + "\n```\n" + noun;
}

/** The registry entry a callee names, chosen by where it stands (`linear` the layer or the schedule). */
function calleeEntry(text: string, callee: A.Identifier) {
  const expected = expectedAt(text, callee.span.end.offset);
  return resolveCall(callee.name, expected) ?? registry.find((e) => e.name === callee.name || (e.aliases ?? []).includes(callee.name));
}

export function hover(analysis: DocumentAnalysis, doc: TextDocument, offset: number): Hover | null {
  const text = doc.getText();
  const declaration = symbolAt(analysis.symbols, offset);
  const path = nodePathAt(analysis.file, offset);
  const node = path[path.length - 1];
  const parent = path[path.length - 2];
  if (node.kind !== "Identifier") return null;
  if (declaration !== undefined) return markdown(declarationMarkdown(analysis, text, declaration), doc, node);

  if (parent?.kind === "CallExpression" && parent.callee === node) {
    const entry = calleeEntry(text, node);
    return entry === undefined ? null : markdown(entryMarkdown(entry), doc, node);
  }
  if (parent?.kind === "ReferenceExpression" && parent.path.length === 1) {
    // A bare name in value position (`weight_init = he_normal`) is a call without parentheses.
    const entry = calleeEntry(text, node);
    return entry === undefined ? null : markdown(entryMarkdown(entry), doc, node);
  }
  if (parent?.kind === "Argument" && parent.name === node) {
    const call = path[path.length - 3];
    if (call?.kind !== "CallExpression") return null;
    const entry = calleeEntry(text, call.callee);
    const param = entry?.params.find((p) => p.name === node.name);
    return entry === undefined || param === undefined ? null : markdown(paramMarkdown(param, entry.name), doc, node);
  }
  if (parent?.kind === "SettingStatement" && parent.key === node) {
    const block = enclosingBlock(path);
    const param = settingsSpecs[block]?.settings.find((p) => p.name === node.name);
    return param === undefined ? null : markdown(paramMarkdown(param, block), doc, node);
  }
  return null;
}

/** The settings spec name of the innermost block on the path (`layer` for a layer's overrides). */
function enclosingBlock(path: readonly A.Node[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (n.kind === "LayerStatement") return "layer";
    if (n.kind === "BlockStatement") return settingsSpecs[n.call.callee.name] !== undefined ? n.call.callee.name : "layer";
  }
  return "";
}
