/**
 * The compiler's front door, first half: source text → syntax tree → checked plan, with every diagnostic.
 * The CLI (`nnc check`, and through compile() every command that runs a spec), the language server, the
 * PyTorch target and the Vite plugin all start here, so they see the same diagnostics. Syntax errors stop
 * before checking: the checker would only add follow-on noise about a tree the parser had to guess at.
 */
import type { File } from "../grammar/ast.ts";
import { parse } from "../grammar/parse.ts";
import type { Diagnostic } from "../grammar/span.ts";
import { check, type CheckOptions, type CheckResult } from "./check.ts";
import { hasErrors } from "./diagnostics.ts";

export type AnalyzeOptions = CheckOptions;

/** Everything known about a spec after checking, for every client of the compiler. */
export interface Analysis extends CheckResult {
  /** The syntax tree; present (partial) even when the text has syntax errors. */
  readonly file: File;
  readonly diagnostics: readonly Diagnostic[];
  readonly hasErrors: boolean;
}

export function analyze(text: string, options: AnalyzeOptions): Analysis {
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) {
    return {
      file: parsed.file,
      diagnostics: parsed.diagnostics,
      hasErrors: true,
      plan: undefined,
      searchSpace: [],
      layers: [],
      scopes: undefined,
    };
  }
  const checked = check(parsed.file, options);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  return { ...checked, file: parsed.file, diagnostics, hasErrors: hasErrors(diagnostics) };
}
