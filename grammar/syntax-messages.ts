/**
 * Plain-words messages for parser errors. Chevrotain tells us which token it wanted and in which rule;
 * the token list tells us the context (what came before, which bracket is still open), and together
 * they give messages such as "expected `)` to close the arguments of `dense`, found `]`".
 */
import type { IToken, TokenType } from "chevrotain";
import { EOF } from "./chevrotain.ts";
import type { RawSyntaxError } from "./parser.ts";
import * as t from "./tokens.ts";

const tokenTypesByName = new Map(t.allTokens.map((tt) => [tt.name, tt]));

/** A token as quoted in a message; long or invisible text is shortened or spelled out. */
export function quoteToken(tok: IToken | undefined): string {
  if (tok === undefined || tok.tokenType === EOF) return "the end of the file";
  return `\`${printable(tok.image.length > 30 ? tok.image.slice(0, 27) + "..." : tok.image)}\``;
}

/** Control characters, lone surrogates and the like as `U+XXXX`, so a message never carries raw bytes. */
export function printable(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSurrogate = c >= 0xd800 && c <= 0xdfff;
    if (isSurrogate && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
        continue;
      }
    }
    if (c < 0x20 || c === 0x7f || isSurrogate || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
      out += `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
    } else {
      out += text[i];
    }
  }
  return out;
}

function describeType(name: string | undefined): string {
  const tt: TokenType | undefined = name === undefined ? undefined : tokenTypesByName.get(name);
  return (tt && t.tokenDescriptions.get(tt)) ?? "something else";
}

/** The still-open bracket before token index `index`, if any. */
function openBracket(tokens: readonly IToken[], index: number): number | undefined {
  let depth = 0;
  for (let i = Math.min(index, tokens.length) - 1; i >= 0; i--) {
    const tt = tokens[i].tokenType;
    if (tt === t.RParen || tt === t.RBracket || tt === t.RBrace) depth++;
    else if (tt === t.LParen || tt === t.LBracket || tt === t.LBrace) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

export interface MessageContext {
  readonly tokens: readonly IToken[];
  /** Index in `tokens` of the token the parser stumbled on (tokens.length for the end of the file). */
  readonly index: number;
}

export function syntaxMessage(raw: RawSyntaxError, ctx: MessageContext): string {
  const found = ctx.tokens[ctx.index];
  const prev = ctx.index > 0 ? ctx.tokens[ctx.index - 1] : undefined;
  const foundText = found === undefined ? ", but the file ended" : `, found ${quoteToken(found)}`;
  const after = prev ? ` after ${quoteToken(prev)}` : "";

  if (raw.kind === "notAllInput" || (raw.kind === "mismatch" && raw.expected === "EOF")) {
    if (found?.tokenType === t.RBrace) return "unexpected `}` with no matching `{`";
    return found && isStatementStartless(found) ? `unexpected ${quoteToken(found)}` : `expected a statement${foundText}`;
  }
  if (raw.kind === "noViableAlt" || raw.kind === "earlyExit") {
    if (raw.rule === "statement") return `expected a statement${foundText}`;
    if (raw.rule === "key") return `expected a name${foundText}`;
    return `expected a value${after}${foundText}`;
  }
  switch (raw.expected) {
    case "RParen": {
      const open = openBracket(ctx.tokens, ctx.index);
      const callee = open !== undefined && open > 0 ? ctx.tokens[open - 1] : undefined;
      if (raw.rule === "args" && callee?.tokenType === t.Identifier) {
        return `expected \`)\` to close the arguments of \`${callee.image}\`${foundText}`;
      }
      const line = open !== undefined ? ` on line ${ctx.tokens[open].startLine}` : "";
      return `expected \`)\` to close the \`(\`${line}${foundText}`;
    }
    case "RBracket": {
      const open = openBracket(ctx.tokens, ctx.index);
      const line = open !== undefined ? ` started on line ${ctx.tokens[open].startLine}` : "";
      return `expected \`,\` or \`]\`${after} in the list${line}${foundText}`;
    }
    case "RBrace":
      return `expected a statement or \`}\`${after}${foundText}`;
    case "Identifier":
      if (raw.rule === "letStatement") return `expected a name after \`let\`${foundText}`;
      if (raw.rule === "layerStatement") return `expected a layer kind${after}${foundText}`;
      if (raw.rule === "reference") return `expected a name after \`.\`${foundText}`;
      return `expected a name${after}${foundText}`;
    case "Equals":
      return `expected \`=\`${after}${foundText}`;
    default:
      return `expected ${describeType(raw.expected)}${after}${foundText}`;
  }
}

/** Tokens that can never begin a statement get the short "unexpected" message. */
function isStatementStartless(tok: IToken): boolean {
  return tok.tokenType !== t.Identifier && tok.tokenType !== t.Let && !(tok.tokenType.CATEGORIES?.includes(t.Unit) ?? false);
}
