/**
 * The compiler's single entry: source text → syntax tree → checked plan → TypeScript module. Every
 * client (CLI, language server, parity runner, tests) goes through here, so they all see the same
 * diagnostics and the same code.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "../grammar/parse.ts";
import type { Diagnostic } from "../grammar/span.ts";
import { check } from "./check.ts";
import type { Plan } from "./ir.ts";
import type { SearchDimension } from "./search/distribution.ts";
import { generateModule, type CodegenOptions } from "./codegen/emit-module.ts";

export interface CompileOptions {
  /** The spec's path as the user gave it: named in diagnostics and in the generated header. */
  readonly source: string;
  /** Folder that relative paths in the spec resolve against. */
  readonly baseDir: string;
  /** Module specifier the generated code imports the runtime from (default `nnc/runtime`). */
  readonly runtimeImport?: string;
  /** Folder the generated module will be written to (paths inside the spec's folder become relative to it). */
  readonly moduleDir?: string;
  /**
   * Every data and weights file, not only those inside the spec's project, is named relative to the
   * module (`new URL("…", import.meta.url)`), so a bundler ships it as an asset and no absolute path of
   * this machine ends up in the bundle (the Vite plugin sets this).
   */
  readonly relativePaths?: boolean;
  /**
   * With relative paths: resolve them against this absolute URL rather than the module's own URL, for a
   * module whose URL is not a folder's (the playground imports generated modules from blob: URLs and serves
   * their data files under this URL from memory).
   */
  readonly dataBaseUrl?: string;
  /** Overrides the spec's precision (gradient checks compile in f64). */
  readonly precision?: "f32" | "f64";
  /** Times each layer's passes into `model.profile` (`nnc train --profile`). */
  readonly profile?: boolean;
}

export interface CheckResult {
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Distributions standing for numbers (see compiler/search/distribution.ts); empty for a concrete spec. */
  readonly searchSpace: readonly SearchDimension[];
}

export interface CompileResult extends CheckResult {
  /** The generated module; undefined when the spec has errors. */
  readonly code: string | undefined;
}

/** The nearest folder at or above `dir` holding a package.json (the spec's project), else `dir` itself. */
function projectRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}

export function checkSource(text: string, options: CompileOptions): CheckResult {
  const parsed = parse(text);
  const syntaxErrors = parsed.diagnostics.some((d) => d.severity === "error");
  if (syntaxErrors) return { plan: undefined, diagnostics: parsed.diagnostics, searchSpace: [] };
  const checked = check(parsed.file, { source: options.source, baseDir: options.baseDir });
  return { plan: checked.plan, diagnostics: [...parsed.diagnostics, ...checked.diagnostics], searchSpace: checked.searchSpace };
}

export async function compileSource(text: string, options: CompileOptions): Promise<CompileResult> {
  const checked = checkSource(text, options);
  if (checked.plan === undefined || checked.diagnostics.some((d) => d.severity === "error")) {
    return { ...checked, code: undefined };
  }
  const codegen: CodegenOptions = {
    runtimeImport: options.runtimeImport ?? "nnc/runtime",
    sourceName: options.source,
    specDir: projectRoot(options.baseDir),
    moduleDir: options.moduleDir,
    profile: options.profile,
    relativePaths: options.relativePaths,
    dataBaseUrl: options.dataBaseUrl,
  };
  const plan: Plan =
    options.precision === undefined
      ? checked.plan
      : { ...checked.plan, training: { ...checked.plan.training, precision: options.precision } };
  return { ...checked, plan, code: await generateModule(plan, codegen) };
}
