/**
 * One analysis per document version: the syntax tree, every diagnostic, the plan, and a row per layer
 * (shape and parameters) — computed once by the same compiler services the CLI uses and shared by all
 * providers, so a burst of requests after an edit costs one check.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../grammar/ast.ts";
import type { Diagnostic, Span } from "../grammar/span.ts";
import { parse } from "../grammar/parse.ts";
import { buildContext, check } from "../compiler/check.ts";
import type { Plan } from "../compiler/ir.ts";
import type { DataHeaderSource } from "../compiler/context.ts";
import { layerParameters } from "../compiler/summary.ts";
import { collectSymbols, type SymbolTable } from "./symbols.ts";

export interface LayerRow {
  readonly name: string;
  /** The whole layer statement (`fc2: dense(128) { lr_mult = 0.5 }`). */
  readonly span: Span;
  readonly outputShape: readonly number[];
  readonly parameters: number;
}

export interface Analysis {
  readonly uri: string;
  readonly version: number;
  readonly file: A.File;
  readonly diagnostics: readonly Diagnostic[];
  readonly plan: Plan | undefined;
  /** Present when the model's layers could be built (even if another block has errors). */
  readonly layers: readonly LayerRow[];
  readonly symbols: SymbolTable;
  readonly hasErrors: boolean;
}

/** The folder relative paths in a spec resolve against: the spec's own folder (cwd for unsaved files). */
export function baseDirOf(uri: string): string {
  return uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : process.cwd();
}

export function sourceNameOf(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** `dataHeaders`: the data files' headers, from the server's background cache (lsp/data-headers.ts). */
export function analyze(doc: TextDocument, dataHeaders?: DataHeaderSource): Analysis {
  const text = doc.getText();
  const parsed = parse(text);
  const options = { source: sourceNameOf(doc.uri), baseDir: baseDirOf(doc.uri), dataHeaders };
  const syntaxErrors = parsed.diagnostics.some((d) => d.severity === "error");
  let diagnostics: readonly Diagnostic[] = parsed.diagnostics;
  let plan: Plan | undefined;
  let layers: LayerRow[] = [];
  if (!syntaxErrors) {
    // The same two phases as checkSource(), without parsing the text a second time.
    const checked = check(parsed.file, options);
    diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
    plan = checked.plan;
    if (plan !== undefined) {
      layers = plan.layers.map((l) => ({ name: l.name, span: l.span, outputShape: l.outputShape, parameters: layerParameters(l) }));
    } else {
      // The plan needs an error-free file; the layer table only needs the model, so rebuild just that.
      const ctx = buildContext(parsed.file, options);
      // After a broken layer the feature counts are guesses, so nothing is shown rather than wrong shapes.
      if (ctx.layersComplete)
        layers = ctx.layers.map((l) => ({
          name: l.plan.name,
          span: l.plan.span,
          outputShape: l.plan.outputShape,
          parameters: l.parameters,
        }));
    }
  }
  return {
    uri: doc.uri,
    version: doc.version,
    file: parsed.file,
    diagnostics,
    plan,
    layers,
    symbols: collectSymbols(parsed.file),
    hasErrors: diagnostics.some((d) => d.severity === "error"),
  };
}
