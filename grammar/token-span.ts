/** Spans of Chevrotain tokens. Tokens never span lines (strings and comments stop at a newline). */
import type { IToken } from "chevrotain";
import type { Position, Span } from "./span.ts";

/** A token inserted by error recovery has no place in the source (NaN offsets) and must never give a span. */
export function isRealToken(tok: IToken | undefined): tok is IToken {
  return tok !== undefined && tok.isInsertedInRecovery !== true && Number.isFinite(tok.startOffset);
}

export function tokenStart(tok: IToken): Position {
  return { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
}

export function tokenEnd(tok: IToken): Position {
  return {
    offset: tok.startOffset + tok.image.length,
    line: tok.endLine ?? tok.startLine ?? 1,
    column: (tok.startColumn ?? 1) + tok.image.length,
  };
}

export function tokenSpan(tok: IToken): Span {
  return { start: tokenStart(tok), end: tokenEnd(tok) };
}

export function pointSpan(p: Position): Span {
  return { start: p, end: p };
}

/** The position just past `text`, for diagnostics at the end of the file. */
export function endOfText(text: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: text.length, line, column: text.length - lineStart + 1 };
}
