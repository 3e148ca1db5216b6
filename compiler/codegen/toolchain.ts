/**
 * The code generator's two heavy dependencies, loaded on first use and in their cheapest form, because
 * loading them is most of a cold `nnc compile`. Both are loaded with require(): under tsx every ESM
 * import is a round trip to its loader thread, and an import() of CommonJS also makes Node scan the
 * file for its export names.
 */
import { createRequire } from "node:module";

type TsMorph = typeof import("ts-morph");
type Prettier = typeof import("prettier/standalone");
type PrettierPlugin = typeof import("prettier/plugins/estree");

const require = createRequire(import.meta.url);

let tsMorph: TsMorph | undefined;
let prettier: { format: Prettier["format"]; plugins: PrettierPlugin[] } | undefined;

/**
 * ts-morph with the TypeScript compiler it bundles. Through import() it took ~0.2 s more than through
 * require(): Node lexed the 9 MB typescript.js for export names and sent each inner require() through
 * the ESM loader.
 */
export function loadTsMorph(): TsMorph {
  tsMorph ??= require("ts-morph") as TsMorph;
  return tsMorph;
}

/**
 * Formats generated TypeScript with prettier's standalone build and only the two plugins its parser
 * needs, instead of the full package with its config-file and plugin discovery. The parser is
 * `babel-ts`, not `typescript`: both feed the same estree printer, and they gave byte-identical output on
 * every example and on a few dozen compiled fuzzer mutants, but prettier's `typescript` plugin bundles
 * the TypeScript compiler's parser, whose first (cold, unoptimized) run took twice as long on a
 * 500-line module (~0.1 s of CPU per cold compile).
 */
export function formatTypeScript(text: string): Promise<string> {
  prettier ??= {
    format: (require("prettier/standalone") as Prettier).format,
    plugins: [require("prettier/plugins/babel") as PrettierPlugin, require("prettier/plugins/estree") as PrettierPlugin],
  };
  return prettier.format(text, { parser: "babel-ts", printWidth: 120, plugins: prettier.plugins });
}

/**
 * Generated TypeScript as the JavaScript module the CLI and the loader hook import: the installed package
 * runs compiled code with no TypeScript loader, and Node 20 cannot strip types. The TypeScript compiler
 * ts-morph bundles does it, already loaded by the code generator that produced `code`, so running a spec
 * costs no further dependency. Type-only imports are marked `type` in generated code, so
 * `verbatimModuleSyntax` erases exactly those.
 */
export function transpileToJavaScript(code: string): string {
  const { ts } = loadTsMorph();
  const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true };
  return ts.transpileModule(code, { compilerOptions, reportDiagnostics: false }).outputText;
}
