/**
 * compiler/codegen/toolchain.ts for the page: the same three services — ts-morph (with the TypeScript
 * compiler it bundles), prettier's standalone formatter with the babel-ts parser, and TypeScript →
 * JavaScript — loaded as ES modules by the bundler instead of through Node's require(). Same options as the
 * Node version, so the page generates the same module text as `nnc compile`.
 */
import * as tsMorph from "ts-morph";
import { format } from "prettier/standalone";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";

export function loadTsMorph(): typeof tsMorph {
  return tsMorph;
}

export function formatTypeScript(text: string): Promise<string> {
  return format(text, { parser: "babel-ts", printWidth: 120, plugins: [babel, estree as never] });
}

export function transpileToJavaScript(code: string): string {
  const { ts } = tsMorph;
  const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true };
  return ts.transpileModule(code, { compilerOptions, reportDiagnostics: false }).outputText;
}
