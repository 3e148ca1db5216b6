/**
 * Completion items of graph models: the file's blocks where a layer can stand (and inside `repeat(`), a
 * block's parameter names in its argument list, the enclosing block's parameters as values in its body,
 * and the structural words with snippets (`residual { }`, `add { branch { } branch { } }`, `repeat(n, …)`).
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from "vscode-languageserver";
import type * as A from "../grammar/ast.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { structures } from "./structures.ts";
import { parameterName } from "./symbols.ts";

function definitions(analysis: DocumentAnalysis): A.BlockDefinition[] {
  return analysis.file.statements.filter((s): s is A.BlockDefinition => s.kind === "BlockDefinition");
}

/** `c` or `stride = 1`, as written. */
function parameterText(p: A.Argument): string {
  const name = parameterName(p)?.name ?? "?";
  return p.name === undefined ? name : `${name} = ${p.value.kind === "NumberLiteral" ? p.value.raw : "…"}`;
}

function signature(def: A.BlockDefinition): string {
  return `block ${def.name.name}(${def.params.map(parameterText).join(", ")})`;
}

export function blockItems(analysis: DocumentAnalysis): CompletionItem[] {
  return definitions(analysis).map((def) => {
    const required = def.params.some((p) => p.name === undefined);
    return {
      label: def.name.name,
      kind: CompletionItemKind.Class,
      detail: signature(def),
      insertText: required ? `${def.name.name}($1)` : def.name.name,
      insertTextFormat: required ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
  });
}

/** The parameters of block `callee` not yet given, or undefined when `callee` is not a block (`first` for `repeat`). */
export function blockParameterItems(analysis: DocumentAnalysis, callee: string, given: readonly string[]): CompletionItem[] | undefined {
  if (callee === "repeat") {
    if (given.includes("first")) return [];
    const detail = "first = block or layer: the first copy differs (`first = basic(128, stride = 2)`)";
    return [{ label: "first", kind: CompletionItemKind.Property, detail, insertText: "first = ", sortText: "0first" }];
  }
  const def = definitions(analysis).find((d) => d.name.name === callee);
  if (def === undefined) return undefined;
  return def.params.flatMap((p) => {
    const name = parameterName(p)?.name;
    if (name === undefined || given.includes(name)) return [];
    const detail = p.name === undefined ? `parameter of ${callee} (required)` : `parameter of ${callee}: ${parameterText(p)}`;
    return [{ label: name, kind: CompletionItemKind.Property, detail, insertText: `${name} = `, sortText: `0${name}` }];
  });
}

/** The parameters of the block definition the cursor is in, as values (`conv2d(c, 3, stride = stride)`). */
export function parameterValueItems(analysis: DocumentAnalysis, definition: string | undefined): CompletionItem[] {
  const def = definitions(analysis).find((d) => d.name.name === definition);
  return (def?.params ?? []).flatMap((p) => {
    const name = parameterName(p)?.name;
    return name === undefined
      ? []
      : [{ label: name, kind: CompletionItemKind.Variable, detail: `parameter of ${definition}: ${parameterText(p)}` }];
  });
}

export function structureItems(): CompletionItem[] {
  return structures.map(({ name, form, doc, snippet }) => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    detail: form,
    documentation: { kind: MarkupKind.Markdown, value: doc },
    insertText: snippet,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}
