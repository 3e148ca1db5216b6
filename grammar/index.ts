/** The front end: `.nn` text → syntax tree (+ syntax diagnostics), and back to canonical text. */
export type * from "./ast.ts";
export type { Diagnostic, Position, Severity, Span } from "./span.ts";
export { emptySpan, spanUnion, startOfFile } from "./span.ts";
export { parse, MAX_NESTING, MAX_SYNTAX_ERRORS, type ParseResult } from "./parse.ts";
export { MAX_EXPRESSION_DEPTH } from "./build-ast.ts";
export { print, formatSource, MAX_LINE_WIDTH, type FormatResult } from "./printer.ts";
export { forEachChild, childrenOf, walk, nodePathAt, type Visitor } from "./visit.ts";
export { syntaxCodes, type SyntaxCode } from "./syntax-codes.ts";
export { quoteString, decodeString } from "./strings.ts";
