/**
 * parse(): text → syntax tree + diagnostics, for any input whatsoever. Lexer and parser errors become
 * NN1xxx diagnostics in plain words; bracket nesting is bounded before the (recursive) parser runs;
 * the number of reported syntax errors is capped so garbage input stays quick and readable.
 */
import type { IRecognitionException, IToken, ILexingError } from "chevrotain";
import { EOF } from "./chevrotain.ts";
import type * as A from "./ast.ts";
import type { Diagnostic, Span } from "./span.ts";
import { AstBuilder } from "./build-ast.ts";
import { discardSharedParser, sharedParser, type RawSyntaxError } from "./parser.ts";
import { badEscapes } from "./strings.ts";
import { syntaxCodes } from "./syntax-codes.ts";
import { printable, syntaxMessage } from "./syntax-messages.ts";
import { endOfText, isRealToken, pointSpan, tokenEnd, tokenSpan, tokenStart } from "./token-span.ts";
import * as t from "./tokens.ts";
import { isEndOfFileComplaint, unclosedBraceDiagnostics } from "./unclosed-brace.ts";

/** Deeper bracket nesting is refused (NN1004): the parser recurses, and error recovery more so, per level. */
export const MAX_NESTING = 100;
/** After this many syntax errors one NN1007 says the rest is not reported. */
export const MAX_SYNTAX_ERRORS = 100;

export interface ParseResult {
  readonly file: A.File;
  readonly diagnostics: Diagnostic[];
}

function error(code: keyof typeof syntaxCodes, message: string, span: Span): Diagnostic {
  return { code, severity: "error", message, span };
}

export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = t.nnLexer.tokenize(text);
  for (const e of lexed.errors) diagnostics.push(lexingDiagnostic(e, text));
  // Loops, not push(...list): spreading 100,000+ items as arguments overflows the stack.
  for (const d of stringDiagnostics(lexed.tokens)) diagnostics.push(d);

  const { tokens, cutAt } = boundNesting(lexed.tokens, diagnostics);
  const builder = new AstBuilder();
  const statements = parseTokens(tokens, builder, diagnostics, cutAt);
  for (const d of builder.diagnostics) diagnostics.push(d);

  const comments: A.Comment[] = ((lexed.groups["comments"] ?? []) as IToken[]).map((c) => ({
    kind: "Comment",
    text: c.image,
    span: tokenSpan(c),
  }));
  const unclosed = cutAt === undefined ? unclosedBraceDiagnostics(tokens, comments) : undefined;
  if (unclosed !== undefined) {
    // The parser notices a missing `}` only at the end of the file; the diagnostic belongs at the brace.
    const kept = diagnostics.filter((d) => !isEndOfFileComplaint(d, tokens));
    diagnostics.length = 0;
    for (const d of kept) diagnostics.push(d);
    for (const d of unclosed) diagnostics.push(d);
  }
  const file: A.File = { kind: "File", statements, comments, span: { start: { offset: 0, line: 1, column: 1 }, end: endOfText(text) } };
  return { file, diagnostics: capErrors(diagnostics) };
}

function lexingDiagnostic(e: ILexingError, text: string): Diagnostic {
  const start = { offset: e.offset, line: e.line ?? 1, column: e.column ?? 1 };
  // An error run never crosses a line: newlines are whitespace, which always lexes.
  const span = { start, end: { offset: e.offset + e.length, line: start.line, column: start.column + e.length } };
  const chars = text.slice(e.offset, e.offset + Math.min(e.length, 20));
  const shown = printable(chars) + (e.length > 20 ? "..." : "");
  const message = e.length === 1 ? `unexpected character \`${shown}\`` : `unexpected characters \`${shown}\``;
  return error("NN1001", message, span);
}

function stringDiagnostics(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const tok of tokens) {
    if (tok.tokenType !== t.TerminatedString && tok.tokenType !== t.UnterminatedString) continue;
    if (tok.tokenType === t.UnterminatedString) {
      out.push(error("NN1002", 'unterminated string: add the closing `"` before the end of the line', tokenSpan(tok)));
    }
    for (const i of badEscapes(tok.image)) {
      const start = { offset: tok.startOffset + i, line: tok.startLine ?? 1, column: (tok.startColumn ?? 1) + i };
      const span = { start, end: { ...start, offset: start.offset + 2, column: start.column + 2 } };
      out.push(error("NN1005", `unknown escape \`\\${printable(tok.image[i + 1])}\` in a string; use \\", \\\\, \\n or \\t`, span));
    }
  }
  return out;
}

/**
 * Refuses brackets nested deeper than MAX_NESTING: reports the first offending bracket and parses only
 * the tokens before it (so the parser's recursion stays bounded whatever the input).
 */
function boundNesting(tokens: IToken[], diagnostics: Diagnostic[]): { tokens: IToken[]; cutAt: number | undefined } {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tt = tokens[i].tokenType;
    if (tt === t.LParen || tt === t.LBracket || tt === t.LBrace) {
      if (depth === MAX_NESTING) {
        diagnostics.push(
          error(
            "NN1004",
            `brackets nested too deeply (more than ${MAX_NESTING} levels); nothing from here on is read`,
            tokenSpan(tokens[i]),
          ),
        );
        return { tokens: tokens.slice(0, i), cutAt: tokens[i].startOffset };
      }
      depth++;
    } else if ((tt === t.RParen || tt === t.RBracket || tt === t.RBrace) && depth > 0) {
      depth--;
    }
  }
  return { tokens, cutAt: undefined };
}

/** Long files are parsed in chunks of about this many tokens, so each chunk's CST dies young. */
const CHUNK_TOKENS = 20_000;

/**
 * Where a long token list may be cut without changing the parse: after a `}` at bracket depth 0 that
 * is followed by the start of a statement — in a valid file, exactly the end of a top-level block.
 */
function chunkBoundaries(tokens: readonly IToken[]): number[] {
  const cuts: number[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const tt = tokens[i].tokenType;
    if (tt === t.LParen || tt === t.LBracket || tt === t.LBrace) depth++;
    else if (tt === t.RParen || tt === t.RBracket || tt === t.RBrace) depth = Math.max(0, depth - 1);
    const next = tokens[i + 1].tokenType;
    if (tt === t.RBrace && depth === 0 && i + 1 - last >= CHUNK_TOKENS && (next === t.Identifier || next === t.Let)) {
      cuts.push(i + 1);
      last = i + 1;
    }
  }
  cuts.push(tokens.length);
  return cuts;
}

function parseTokens(tokens: IToken[], builder: AstBuilder, diagnostics: Diagnostic[], cutAt: number | undefined): A.Statement[] {
  const statements: A.Statement[] = [];
  const budget = { reported: 0 };
  let from = 0;
  for (const to of chunkBoundaries(tokens)) {
    if (!parseChunk(tokens, from, to, builder, diagnostics, statements, budget, to === tokens.length ? cutAt : undefined)) break;
    from = to;
  }
  return statements;
}

/**
 * Parses tokens[from, to), restarting after a token the top-level rule could not place (Chevrotain
 * stops there otherwise). Returns false once the error budget is spent or the parser broke down.
 */
function parseChunk(
  tokens: IToken[],
  from: number,
  to: number,
  builder: AstBuilder,
  diagnostics: Diagnostic[],
  statements: A.Statement[],
  budget: { reported: number },
  cutAt: number | undefined,
): boolean {
  while (from < to || (from === 0 && to === 0)) {
    const parser = sharedParser();
    parser.input = from === 0 && to === tokens.length ? tokens : tokens.slice(from, to);
    let cst;
    try {
      cst = parser.file();
    } catch (e) {
      // Only a stack overflow can get here (every syntax error is recovered); report, never crash.
      if (!(e instanceof RangeError)) throw e;
      discardSharedParser();
      const at = tokens[from] ? tokenStart(tokens[from]) : { offset: 0, line: 1, column: 1 };
      diagnostics.push(error("NN1004", "this file is nested too deeply to parse", pointSpan(at)));
      return false;
    }
    for (const s of builder.file(cst)) statements.push(s);
    let restartAt: number | undefined;
    for (const e of parser.errors) {
      const atEnd = !isRealToken(e.token) || e.token.tokenType === EOF;
      if (atEnd && cutAt !== undefined) continue; // caused by the cut at too deep a nesting
      const index = atEnd ? to : indexOfToken(tokens, e.token);
      diagnostics.push(parserDiagnostic(e, tokens, index));
      budget.reported++;
      if (e.name === "NotAllInputParsedException") restartAt = index + 1;
    }
    if (budget.reported > MAX_SYNTAX_ERRORS) return false;
    if (restartAt === undefined || restartAt <= from) return true;
    from = restartAt;
  }
  return true;
}

/** Index in `tokens` of a token from the parser (tokens.length for EOF). Tokens are sorted by offset. */
function indexOfToken(tokens: readonly IToken[], tok: IToken): number {
  if (!isRealToken(tok) || tok.tokenType === EOF) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < tok.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parserDiagnostic(e: IRecognitionException, tokens: readonly IToken[], index: number): Diagnostic {
  let raw: RawSyntaxError;
  try {
    raw = JSON.parse(e.message) as RawSyntaxError;
  } catch {
    raw = { kind: "noViableAlt", expected: undefined, rule: "" };
  }
  const found = tokens[index];
  const prev = index > 0 ? tokens[index - 1] : undefined;
  const message = syntaxMessage(raw, { tokens, index });
  // A missing token is reported right after what precedes it when the next token is on a later line,
  // so the diagnostic sits on the line that needs the fix.
  const missing = raw.kind !== "notAllInput" && raw.expected !== "EOF";
  let span: Span;
  if (found && !(missing && prev && (found.startLine ?? 0) > (prev.endLine ?? 0))) span = tokenSpan(found);
  else if (prev) span = pointSpan(tokenEnd(prev));
  else span = pointSpan({ offset: 0, line: 1, column: 1 });
  return error("NN1003", message, span);
}

/** Sorted by position, duplicates on one spot merged, and at most MAX_SYNTAX_ERRORS of them. */
function capErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && last.span.start.offset === d.span.start.offset && last.code === d.code) continue;
    if (out.length === MAX_SYNTAX_ERRORS) {
      out.push(error("NN1007", `too many syntax errors; stopped after ${MAX_SYNTAX_ERRORS}`, d.span));
      break;
    }
    out.push(d);
  }
  return out;
}
