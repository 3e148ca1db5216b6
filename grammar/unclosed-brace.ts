/**
 * A `{` that is never closed makes the parser stumble only at the end of the file, far from the mistake.
 * This finds the open braces left at the end and words the diagnostic at the brace itself
 * ("`model {` at 4:1 is never closed"), noting a `}` that a `#` comment swallowed — the usual cause in a
 * one-line block such as `train { epochs = 2  # short run }`.
 */
import type { IToken } from "chevrotain";
import type { Comment } from "./ast.ts";
import type { Diagnostic, Span } from "./span.ts";
import { tokenEnd, tokenSpan, tokenStart } from "./token-span.ts";
import * as t from "./tokens.ts";

/**
 * Indices in `tokens` of the `{` still open after the last token, outermost first; empty when a `(` or
 * `[` is open too (the parser's own message names that one).
 */
export function openBraces(tokens: readonly IToken[]): number[] {
  const braces: number[] = [];
  let parens = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tt = tokens[i].tokenType;
    if (tt === t.LBrace) braces.push(i);
    else if (tt === t.RBrace) braces.pop();
    else if (tt === t.LParen || tt === t.LBracket) parens++;
    else if ((tt === t.RParen || tt === t.RBracket) && parens > 0) parens--;
  }
  return parens === 0 ? braces : [];
}

/** The head a reader knows the block by: `model {`, `fc1: dense(…) {`, `early_stopping {`. */
function blockHead(tokens: readonly IToken[], brace: number): { text: string; start: IToken } {
  let i = brace - 1;
  if (i >= 0 && tokens[i].tokenType === t.RParen) {
    // Skip back over the arguments to the callee.
    for (let depth = 0; i >= 0; i--) {
      if (tokens[i].tokenType === t.RParen) depth++;
      else if (tokens[i].tokenType === t.LParen && --depth === 0) break;
    }
    const callee = tokens[i - 1];
    if (callee?.tokenType === t.Identifier) {
      const named = tokens[i - 2]?.tokenType === t.Colon && tokens[i - 3]?.tokenType === t.Identifier;
      return named
        ? { text: `${tokens[i - 3].image}: ${callee.image}(…) {`, start: tokens[i - 3] }
        : { text: `${callee.image}(…) {`, start: callee };
    }
    return { text: "{", start: tokens[brace] };
  }
  const name = tokens[i];
  return name?.tokenType === t.Identifier ? { text: `${name.image} {`, start: name } : { text: "{", start: tokens[brace] };
}

/** A `}` written inside a comment after the brace: where it is. */
function swallowedBrace(comments: readonly Comment[], after: number): { line: number; column: number; commentColumn: number } | undefined {
  for (const c of comments) {
    if (c.span.start.offset < after) continue;
    const at = c.text.indexOf("}");
    if (at >= 0) return { line: c.span.start.line, column: c.span.start.column + at, commentColumn: c.span.start.column };
  }
  return undefined;
}

/**
 * One diagnostic per `{` never closed, spanning its head (`model {`). Undefined when every brace is closed.
 */
export function unclosedBraceDiagnostics(tokens: readonly IToken[], comments: readonly Comment[]): Diagnostic[] | undefined {
  const open = openBraces(tokens);
  if (open.length === 0) return undefined;
  return open.map((brace) => {
    const head = blockHead(tokens, brace);
    const where = tokenStart(head.start);
    const span: Span = { start: where, end: tokenEnd(tokens[brace]) };
    const swallowed = swallowedBrace(comments, tokens[brace].startOffset);
    const note =
      swallowed === undefined
        ? "add `}` where the block ends"
        : `the \`}\` at ${swallowed.line}:${swallowed.column} is inside the \`#\` comment that starts at ${swallowed.line}:${swallowed.commentColumn}, ` +
          "and a comment runs to the end of its line: put the `}` before the comment or on the next line";
    return {
      code: "NN1003",
      severity: "error",
      message: `\`${head.text}\` at ${where.line}:${where.column} is never closed; ${note}`,
      span,
    };
  });
}

/** Whether a diagnostic is the parser's complaint about the end of the file (placed just past the last token). */
export function isEndOfFileComplaint(d: Diagnostic, tokens: readonly IToken[]): boolean {
  const last = tokens[tokens.length - 1];
  return d.code === "NN1003" && last !== undefined && d.span.start.offset >= tokenSpan(last).end.offset;
}
