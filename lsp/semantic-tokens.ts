/**
 * Semantic tokens: what each name *is* (a block, a setting key, a registry call, an argument name, a
 * constant, a layer, an enum word), which a TextMate grammar cannot know. Numbers and strings are left
 * to the grammar.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type * as A from "../grammar/ast.ts";
import { walk } from "../grammar/visit.ts";
import { settingsSpecs } from "../compiler/index.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import type { SymbolKind } from "./symbols.ts";

const types = ["namespace", "property", "function", "parameter", "variable", "class", "enumMember"] as const;
const modifiers = ["declaration", "readonly"] as const;
type TokenType = (typeof types)[number];

export const semanticLegend: SemanticTokensLegend = { tokenTypes: [...types], tokenModifiers: [...modifiers] };

interface Tok {
  readonly id: A.Identifier;
  readonly type: TokenType;
  readonly mods: number;
}

const DECLARATION = 1;
const READONLY = 2;

/** A declared name's token: a block is a class as a layer is (both are modules), its parameters parameters. */
const symbolTypes: Record<SymbolKind, TokenType> = {
  constant: "variable",
  layer: "class",
  dataset: "property",
  block: "class",
  parameter: "parameter",
};

export function semanticTokens(analysis: DocumentAnalysis): SemanticTokens {
  const kindOf = new Map<number, { type: TokenType; mods: number }>();
  for (const d of analysis.symbols.declarations) {
    const type = symbolTypes[d.kind];
    kindOf.set(d.nameSpan.start.offset, { type, mods: DECLARATION | (d.kind === "constant" ? READONLY : 0) });
  }
  for (const r of analysis.symbols.references) {
    const type = symbolTypes[r.declaration.kind];
    kindOf.set(r.span.start.offset, { type, mods: r.declaration.kind === "constant" ? READONLY : 0 });
  }
  const toks: Tok[] = [];
  const push = (id: A.Identifier, type: TokenType, mods = 0): void => {
    const k = kindOf.get(id.span.start.offset);
    toks.push(k === undefined ? { id, type, mods } : { id, type: k.type, mods: k.mods });
  };
  walk(analysis.file, {
    enter(node, parent) {
      switch (node.kind) {
        case "LetStatement":
          push(node.name, "variable", DECLARATION | READONLY);
          break;
        case "LayerStatement":
          push(node.name, "class", DECLARATION);
          break;
        case "BlockDefinition":
          push(node.name, "class", DECLARATION);
          break;
        case "SettingStatement":
          push(node.key, "property");
          break;
        case "CallExpression": {
          const isBlock = parent?.kind === "BlockStatement" && !node.hasParens && settingsSpecs[node.callee.name] !== undefined;
          push(node.callee, isBlock ? "namespace" : "function");
          break;
        }
        case "Argument":
          if (node.name) push(node.name, "parameter");
          break;
        case "ReferenceExpression":
          node.path.forEach((id, i) => push(id, i === 0 ? "enumMember" : "property"));
          break;
        default:
          break;
      }
    },
  });
  toks.sort((a, b) => a.id.span.start.offset - b.id.span.start.offset);
  const builder = new SemanticTokensBuilder();
  for (const tok of toks) {
    const { start, end } = tok.id.span;
    if (start.line !== end.line) continue;
    builder.push(start.line - 1, start.column - 1, end.offset - start.offset, types.indexOf(tok.type), tok.mods);
  }
  return builder.build();
}
