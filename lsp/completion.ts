/**
 * Context-aware completion: block and statement keywords where a statement may start, layer kinds after
 * `name:`, the entries of the registry role a value position expects, argument names of the call being
 * written (type, default and range in the detail), and declared names where a reference is expected.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from "vscode-languageserver";
import { entriesFor, settingsSpecs, topLevelBlocks } from "../compiler/index.ts";
import type { ParamSpec, RegistryEntry, Role } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { blockItems, blockParameterItems, parameterValueItems, structureItems } from "./completion-blocks.ts";
import { cursorContext, LAYERS_BODY, type Expected } from "./context.ts";
import { entryMarkdown, paramDetail, signature } from "./describe.ts";

const roleKinds: Partial<Record<Role, CompletionItemKind>> = {
  layer: CompletionItemKind.Class,
  activation: CompletionItemKind.Function,
  optimizer: CompletionItemKind.Function,
  schedule: CompletionItemKind.Function,
  initializer: CompletionItemKind.Function,
};

function entryItem(e: RegistryEntry): CompletionItem {
  const needsArgs = e.params.some((p) => p.required === true);
  return {
    label: e.name,
    kind: roleKinds[e.role] ?? CompletionItemKind.Function,
    detail: signature(e),
    documentation: { kind: MarkupKind.Markdown, value: entryMarkdown(e) },
    insertText: needsArgs ? `${e.name}($1)` : e.name,
    insertTextFormat: needsArgs ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
}

function entries(...roles: Role[]): CompletionItem[] {
  return roles
    .flatMap((r) => entriesFor(r))
    .filter((e) => e.reserved !== true)
    .map(entryItem);
}

function keyItem(p: ParamSpec): CompletionItem {
  return { label: p.name, kind: CompletionItemKind.Property, detail: paramDetail(p), documentation: p.doc, insertText: `${p.name} = ` };
}

function blockItem(name: string): CompletionItem {
  return {
    label: name,
    kind: CompletionItemKind.Module,
    detail: `${name} { }`,
    insertText: `${name} {\n\t$0\n}`,
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

function names(analysis: DocumentAnalysis, kind: "constant" | "layer" | "dataset"): CompletionItem[] {
  return analysis.symbols.declarations
    .filter((d) => d.kind === kind && d.owner === undefined)
    .map((d) => ({
      label: d.name,
      kind: kind === "constant" ? CompletionItemKind.Constant : kind === "layer" ? CompletionItemKind.Field : CompletionItemKind.Variable,
      detail: kind,
    }));
}

function statementItems(block: string, analysis: DocumentAnalysis): CompletionItem[] {
  if (block === "") {
    return [
      {
        label: "let",
        kind: CompletionItemKind.Keyword,
        detail: "let name = value",
        insertText: "let ${1:name} = $0",
        insertTextFormat: InsertTextFormat.Snippet,
      },
      ...topLevelBlocks.map(blockItem),
    ];
  }
  if (block === LAYERS_BODY) return layerItems(analysis);
  const spec = settingsSpecs[block];
  const items = [...(spec?.settings ?? []).map(keyItem), ...(spec?.blocks ?? []).map(blockItem)];
  if (block === "model") items.push(...layerItems(analysis));
  return items;
}

/** What a layer can be: a layer kind, an activation, a block, or a structure (`residual { }`, `repeat(…)`). */
function layerItems(analysis: DocumentAnalysis): CompletionItem[] {
  return [...entries("layer", "activation"), ...blockItems(analysis), ...structureItems()];
}

function valueItems(expected: Expected, analysis: DocumentAnalysis, definition: string | undefined): CompletionItem[] {
  // Inside a block definition its parameters are values too, ahead of the file's constants they shadow.
  const constants = [...parameterValueItems(analysis, definition), ...names(analysis, "constant")];
  if (expected === undefined) return constants;
  switch (expected.kind) {
    case "layer":
      return [...entries("layer", "activation"), ...blockItems(analysis)];
    case "call":
    case "calls":
      return entries(expected.role);
    case "schedule":
      return [...entries("schedule"), ...constants];
    case "enum":
      return expected.values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember }));
    case "boolean":
      return ["true", "false"].map((v) => ({ label: v, kind: CompletionItemKind.Keyword }));
    case "references":
      return names(analysis, "layer");
    case "reference":
      return analysis.symbols.declarations
        .filter((d) => d.kind === "dataset")
        .flatMap((d) =>
          ["loss", "accuracy"].map((m) => ({
            label: `${d.name}.${m}`,
            kind: CompletionItemKind.Value,
            detail: `${m} on the ${d.name} set`,
          })),
        );
    default:
      return constants;
  }
}

export function completions(analysis: DocumentAnalysis, text: string, offset: number): CompletionItem[] {
  const { position, definition } = cursorContext(text, offset);
  switch (position.kind) {
    case "statement":
      return statementItems(position.block, analysis);
    case "layerKind":
      return layerItems(analysis);
    case "value":
      return valueItems(position.expected, analysis, definition);
    case "argument": {
      const ofBlock = blockParameterItems(analysis, position.callee, position.given);
      if (ofBlock !== undefined) return [...ofBlock, ...valueItems(position.expected, analysis, definition)];
      const params = (position.entry?.params ?? []).filter((p) => !position.given.includes(p.name));
      const args = params.map((p): CompletionItem => ({
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: paramDetail(p),
        documentation: p.doc,
        insertText: `${p.name} = `,
        sortText: `0${p.name}`,
      }));
      return [...args, ...valueItems(position.expected, analysis, definition)];
    }
  }
}
