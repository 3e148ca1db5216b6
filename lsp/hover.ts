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
import { graphFacts, instanceLines } from "./graph-facts.ts";
import { entryMarkdown, paramMarkdown } from "./describe.ts";
import { toRange } from "./ranges.ts";
import { structureNamed } from "./structures.ts";
import { symbolAt, type Declaration } from "./symbols.ts";

function markdown(value: string, doc: TextDocument, node: A.Node): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, node.span) };
}

function declarationMarkdown(analysis: DocumentAnalysis, text: string, d: Declaration): string {
  const source = (span: A.Node["span"]): string => "```nn\n" + text.slice(span.start.offset, span.end.offset) + "\n```";
  if (d.kind === "block") return blockMarkdown(analysis, text, d);
  if (d.kind === "parameter") return parameterMarkdown(analysis, text, d);
  if (d.kind === "layer") {
    const instances = graphFacts(analysis).byStart.get(d.statementSpan.start.offset)?.instances ?? [];
    const head = source(d.statementSpan);
    if (instances.length === 0 && d.owner !== undefined && analysis.layers.length === 0)
      return `${head}\nlayer \`${d.name}\` of block \`${d.owner.name.name}\` (shapes unknown until the model checks)`;
    if (instances.length === 0 && d.owner !== undefined)
      return `${head}\nlayer \`${d.name}\` of block \`${d.owner.name.name}\`, which the model does not use`;
    if (instances.length === 0) return `${head}\nlayer \`${d.name}\` (shape unknown until the model checks)`;
    if (d.owner !== undefined) {
      const many = instances.length === 1 ? "1 instance" : `${instances.length} instances`;
      return [`${head}`, `layer \`${d.name}\` of block \`${d.owner.name.name}\`, ${many}:`, ...instanceLines(instances)].join("\n");
    }
    const [row] = instances;
    // A module (block instance, repetition, residual, merge) has arguments, possibly none; a layer has none at all.
    const args = row.args?.map((a) => `${a.name} = ${a.value}`).join(", ");
    const callee = graphFacts(analysis).byStart.get(d.statementSpan.start.offset)?.statement.call.callee.name;
    const what = row.args === undefined ? "layer" : row.args.length > 0 ? `${callee}(${args})` : callee;
    return `${head}\n${what} \`${d.name}\`: output [${row.outputShape.join(", ")}], ${groupDigits(row.parameters)} parameters`;
  }
  const noun = d.kind === "constant" ? "constant" : "data set";
  return source(d.statementSpan) + "\n" + noun;
}

/** The block's signature, its doc comment (the `#` lines just above it) and its instances. */
function blockMarkdown(analysis: DocumentAnalysis, text: string, d: Declaration): string {
  const def = analysis.file.statements.find((s): s is A.BlockDefinition => s.kind === "BlockDefinition" && s.span === d.statementSpan);
  if (def === undefined) return `block \`${d.name}\``;
  const signature = "```nn\n" + text.slice(def.span.start.offset, def.body.span.start.offset).trimEnd() + "\n```";
  const instances = graphFacts(analysis).instancesOf.get(d.name) ?? [];
  const used =
    instances.length === 0
      ? []
      : [`${instances.length} instance${instances.length === 1 ? "" : "s"}:\n${instanceLines(instances).join("\n")}`];
  return [signature, ...docComment(analysis.file.comments, text, def.span.start.line), ...used].join("\n\n");
}

/** The own-line comments directly above `line`, without their `#`. */
function docComment(comments: readonly A.Comment[], text: string, line: number): string[] {
  const above: string[] = [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i];
    if (c.span.start.line >= line) continue;
    const ownLine = text.slice(text.lastIndexOf("\n", c.span.start.offset - 1) + 1, c.span.start.offset).trim() === "";
    if (c.span.start.line !== line - above.length - 1 || !ownLine) break;
    above.unshift(c.text.replace(/^#\s?/, ""));
  }
  return above.length === 0 ? [] : [above.join("\n")];
}

function parameterMarkdown(analysis: DocumentAnalysis, text: string, d: Declaration): string {
  const block = d.owner!.name.name;
  const written = text.slice(d.statementSpan.start.offset, d.statementSpan.end.offset);
  const required = written === d.name;
  const values = (graphFacts(analysis).instancesOf.get(block) ?? []).map((i) => i.args?.find((a) => a.name === d.name)?.value ?? "?");
  const distinct = [...new Set(values)];
  const seen = distinct.length === 0 ? [] : [`values in the model: ${distinct.map((v) => `\`${v}\``).join(", ")}`];
  const what = required ? "required" : `default \`${written.slice(written.indexOf("=") + 1).trim()}\``;
  return ["```nn\n" + written + "\n```", `parameter \`${d.name}\` of block \`${block}\` (${what})`, ...seen].join("\n\n");
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
    const structure = structureNamed(node.name);
    if (structure !== undefined) return markdown("```nn\n" + structure.form + "\n```\n" + structure.doc, doc, node);
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
