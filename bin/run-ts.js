#!/usr/bin/env node
// Runs a TypeScript entry point of this repository (scripts, benchmarks) through tsx: `node bin/run-ts.js FILE.ts ARGS...`.
// Bare `nnc/...` imports (generated modules import `nnc/runtime`) resolve to the sources, through
// package.json's "nnc-source" condition, as tsconfig.json's customConditions make tsc resolve them: a
// clone has no built dist/ to run.
import { register as registerHooks } from "node:module";
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const SOURCE_CONDITION = 'export function resolve(s, c, next) { return next(s, { ...c, conditions: ["nnc-source", ...c.conditions] }); }';
registerHooks(`data:text/javascript,${encodeURIComponent(SOURCE_CONDITION)}`);
register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node bin/run-ts.js FILE.ts [ARGS...]");
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
