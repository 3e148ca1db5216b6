/** A position in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range [start, end) of source text. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = "error" | "warning" | "info";

/**
 * Every user-facing problem is a value of this shape, collected and returned, never thrown.
 * `code` is stable (NN1xxx syntax, NN2xxx names, NN3xxx types/ranges, NN4xxx shapes, NN5xxx lints).
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Optional replacement suggestions ("did you mean"), used by quick fixes. */
  readonly suggestions?: readonly string[];
}

export const startOfFile: Position = { offset: 0, line: 1, column: 1 };
export const emptySpan: Span = { start: startOfFile, end: startOfFile };

export function spanUnion(a: Span, b: Span): Span {
  return { start: a.start.offset <= b.start.offset ? a.start : b.start, end: a.end.offset >= b.end.offset ? a.end : b.end };
}
