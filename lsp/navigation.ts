/**
 * Go to definition, find references, highlights and rename for constants, layers, data sets, blocks and
 * block parameters. Renaming a block renames its definition and every call; a parameter, its uses in the
 * block and its name in calls (`basic(64, stride = 2)`); a layer named inside a block, that name only.
 */
import { ResponseError, ErrorCodes, type Location, type Range, type WorkspaceEdit, type DocumentHighlight } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import * as t from "../grammar/tokens.ts";
import { lookup, STRUCTURAL, topLevelBlocks } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { toRange } from "./ranges.ts";
import { occurrences, symbolAt } from "./symbols.ts";

export function definition(analysis: DocumentAnalysis, doc: TextDocument, offset: number): Location | null {
  const d = symbolAt(analysis.symbols, offset);
  return d === undefined ? null : { uri: doc.uri, range: toRange(doc, d.nameSpan) };
}

export function references(analysis: DocumentAnalysis, doc: TextDocument, offset: number, includeDeclaration: boolean): Location[] {
  const d = symbolAt(analysis.symbols, offset);
  if (d === undefined) return [];
  const spans = occurrences(analysis.symbols, d);
  return (includeDeclaration ? spans : spans.slice(1)).map((s) => ({ uri: doc.uri, range: toRange(doc, s) }));
}

export function highlights(analysis: DocumentAnalysis, doc: TextDocument, offset: number): DocumentHighlight[] {
  const d = symbolAt(analysis.symbols, offset);
  return d === undefined ? [] : occurrences(analysis.symbols, d).map((s) => ({ range: toRange(doc, s) }));
}

const reservedWords: readonly string[] = [...STRUCTURAL, ...topLevelBlocks];

/** Data sets are named by the language (`train`, `validation`, `test`), so they cannot be renamed. */
export function prepareRename(analysis: DocumentAnalysis, doc: TextDocument, offset: number): Range | null {
  const d = symbolAt(analysis.symbols, offset);
  if (d === undefined) return null;
  if (d.kind === "dataset")
    throw new ResponseError(ErrorCodes.InvalidRequest, `\`${d.name}\` is a data set name fixed by the language; it cannot be renamed`);
  const at = occurrences(analysis.symbols, d).find((s) => s.start.offset <= offset && offset <= s.end.offset);
  return at === undefined ? null : toRange(doc, at);
}

function isValidName(name: string): boolean {
  const lexed = t.nnLexer.tokenize(name);
  return lexed.errors.length === 0 && lexed.tokens.length === 1 && lexed.tokens[0].tokenType === t.Identifier;
}

export function rename(analysis: DocumentAnalysis, doc: TextDocument, offset: number, newName: string): WorkspaceEdit | null {
  const d = symbolAt(analysis.symbols, offset);
  if (d === undefined) return null;
  prepareRename(analysis, doc, offset);
  if (!isValidName(newName))
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid name (letters, digits and _, not a keyword)`);
  // A block's parameters and layers are names of that block only; the rest are the file's.
  const clash = analysis.symbols.declarations.find((o) => o.name === newName && o.kind === d.kind && o.owner === d.owner);
  if (clash !== undefined) {
    const where = d.owner === undefined ? "" : ` in block \`${d.owner.name.name}\``;
    throw new ResponseError(ErrorCodes.InvalidParams, `a ${d.kind} named \`${newName}\` already exists${where}`);
  }
  if (d.kind === "block" && (lookup("layer", newName) ?? lookup("activation", newName) ?? reservedWords.includes(newName)))
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `\`${newName}\` is a layer or a word of the language: a block needs a name of its own`,
    );
  const edits = occurrences(analysis.symbols, d).map((s) => ({ range: toRange(doc, s), newText: newName }));
  return { changes: { [doc.uri]: edits } };
}
