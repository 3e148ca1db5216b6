/**
 * Every diagnostic code of the checker, with a short title, in one place. NN1xxx (syntax) come from the
 * parser; here: NN2xxx names, NN3xxx values/types/ranges, NN4xxx shapes and structure, NN5xxx lints, NN6xxx
 * the data files against the spec (when the caller can read them).
 */
import type { Diagnostic, Severity, Span } from "../grammar/span.ts";
import { escapeMessage, visibleExcerpt } from "../runtime/text/escape.ts";

export const codes = {
  NN2001: "unknown name",
  NN2002: "unknown function",
  NN2003: "unknown argument",
  NN2004: "duplicate argument",
  NN2005: "unknown setting",
  NN2006: "duplicate setting",
  NN2007: "duplicate layer name",
  NN2008: "duplicate constant",
  NN2009: "constant used before its definition",
  NN2010: "unknown block",
  NN2011: "duplicate block",
  NN2012: "unknown metric reference",
  NN2013: "not a parametric layer",
  NN2014: "split of a set other than train",
  NN2015: "noise given twice",
  NN2016: "duplicate or reserved block name",
  NN2017: "block uses itself",
  NN3001: "wrong type",
  NN3002: "value out of range",
  NN3003: "missing argument",
  NN3004: "too many arguments",
  NN3005: "positional argument after a named one",
  NN3006: "division by zero",
  NN3007: "mixed duration units",
  NN3008: "conflicting optimizer options",
  NN3009: "option not accepted by this optimizer",
  NN3010: "schedule needs a length",
  NN3011: "momentum schedule without momentum",
  NN3012: "csv needs exactly one of label or targets",
  NN3013: "not a finite number",
  NN3014: "invalid distribution",
  NN3015: "both limit and fraction on a data source",
  NN3016: "noise schedule without that noise",
  NN4001: "missing required block or setting",
  NN4002: "softmax before cross_entropy",
  NN4003: "not supported yet",
  NN4004: "maxout group does not divide the features",
  NN4005: "output size does not match the classes",
  NN4006: "both epochs and steps",
  NN4007: "schedule length differs from training length",
  NN4008: "full-batch optimizer with mini-batches",
  NN4009: "layer has no input",
  NN4010: "invalid input shape",
  NN4011: "layer needs a [channels, height, width] input",
  NN4012: "conv2d groups do not divide the channels",
  NN4013: "kernel does not fit the input",
  NN4014: "label mixing without class labels and cross_entropy",
  NN4015: "snapshot ensemble without an epoch-counted cosine_restarts schedule",
  NN4016: "noise with a full-batch optimizer",
  NN4017: "model does not fit in WebAssembly memory",
  NN4018: "L-BFGS history too large",
  NN4019: "input does not match the preprocessing",
  NN4020: "not supported by the pytorch target yet",
  NN4021: "groupnorm groups do not divide the channels",
  NN4023: "merge of shapes that do not fit",
  NN4024: "malformed residual, merge or branch",
  NN5001: "symmetric weight initialization",
  NN5002: "sigmoid in a hidden layer",
  NN5003: "xavier initialization with ReLU",
  NN5004: "small Gaussian initialization in a deep network",
  NN5005: "unusual learning rate",
  NN5006: "dropout at the output",
  NN5007: "l2 regularization with adam",
  NN5008: "statistics without a training set",
  NN6001: "data file cannot be read",
  NN6002: "images and labels differ in count",
  NN6003: "input size differs from the data",
  NN6004: "column out of range",
  NN6005: "label out of range",
  NN6006: "CSV header line",
  NN6007: "CSV rows of different lengths",
} as const;

export type Code = keyof typeof codes;

export function diagnostic(
  code: Code,
  message: string,
  span: Span,
  severity: Severity = "error",
  suggestions?: readonly string[],
): Diagnostic {
  return suggestions !== undefined && suggestions.length > 0
    ? { code, severity, message, span, suggestions }
    : { code, severity, message, span };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** A source line longer than this is shown as a window of about this many characters around the span. */
export const EXCERPT_WIDTH = 160;

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/**
 * `file:line:col: error NN3001: message`, then the source line and a caret under the span
 * (`^~~~`, clipped to the first line of a multi-line span). The line is found from the span's offset
 * and column, never by splitting the whole text, and a long line is shown as a window around the span
 * (`…` marks what is cut), so printing k diagnostics costs O(k), not O(k × file size).
 */
export function formatDiagnostic(d: Diagnostic, fileName: string, sourceText: string): string {
  const { line, column, offset } = d.span.start;
  const head = escapeMessage(`${fileName}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`);
  const lineStart = offset - (column - 1);
  // The lexer ends lines at CRLF, CR and LF alike; a span that does not sit on a line start has no excerpt.
  if (lineStart < 0 || offset > sourceText.length || (lineStart > 0 && !isLineBreak(sourceText.charCodeAt(lineStart - 1)))) return head;
  const from = offset - lineStart > EXCERPT_WIDTH / 2 ? offset - EXCERPT_WIDTH / 2 : lineStart;
  let to = offset;
  while (to < sourceText.length && !isLineBreak(sourceText.charCodeAt(to)) && to - from < EXCERPT_WIDTH) to++;
  const cutRight = to < sourceText.length && !isLineBreak(sourceText.charCodeAt(to));
  const spanEnd = d.span.end.line === line ? Math.min(d.span.end.offset, to) : to + 1;
  const width = Math.max(1, spanEnd - offset);
  const shown = (from > lineStart ? "…" : "") + sourceText.slice(from, to) + (cutRight ? "…" : "");
  const before = (from > lineStart ? "…" : "") + sourceText.slice(from, offset);
  const gutter = String(line).padStart(4);
  const pad = " ".repeat(gutter.length) + " | " + before.replace(/[^\t]/g, " ");
  return `${head}\n${gutter} | ${visibleExcerpt(shown)}\n${pad}^${"~".repeat(width - 1)}`;
}
