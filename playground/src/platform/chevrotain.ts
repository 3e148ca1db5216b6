/**
 * grammar/chevrotain.ts for the page: the parser library through its package entry, which the bundler
 * resolves and bundles (the Node version finds chevrotain's single-file build on disk to start fast).
 */
export { createToken, CstParser, EOF, Lexer } from "chevrotain";
