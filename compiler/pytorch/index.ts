/**
 * The PyTorch target: spec → checked plan (the same plan the TypeScript target uses) → one standalone
 * Python training script. Constructs the script cannot express yet are NN4020 errors.
 */
import { dirname, join, resolve } from "node:path";
import { existsSync } from "node:fs";
import { parse } from "../../grammar/parse.ts";
import type { Diagnostic } from "../../grammar/span.ts";
import { check } from "../check.ts";
import type { Plan } from "../ir.ts";
import { emitScript } from "./emit-script.ts";
import { pythonPaths } from "./paths.ts";
import { unsupportedByPyTorch } from "./support.ts";

export interface PyTorchOptions {
  /** The spec's path as the user gave it: named in diagnostics and in the script's header. */
  readonly source: string;
  /** Folder that relative paths in the spec resolve against. */
  readonly baseDir: string;
  /** Folder the script will be written to (paths inside the spec's project become relative to it). */
  readonly scriptDir?: string;
}

export interface PyTorchResult {
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The script; undefined when the spec has errors or uses something the target cannot express. */
  readonly code: string | undefined;
  /** Distributions standing for numbers: a search space has no single model to write a script for. */
  readonly searchSpace: readonly unknown[];
}

function projectRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}

export function compilePyTorch(text: string, options: PyTorchOptions): PyTorchResult {
  const parsed = parse(text);
  if (parsed.diagnostics.some((d) => d.severity === "error"))
    return { plan: undefined, diagnostics: parsed.diagnostics, code: undefined, searchSpace: [] };
  const checked = check(parsed.file, { source: options.source, baseDir: options.baseDir });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  const searchSpace = checked.searchSpace;
  if (checked.plan === undefined || diagnostics.some((d) => d.severity === "error") || searchSpace.length > 0)
    return { plan: checked.plan, diagnostics, code: undefined, searchSpace };
  const unsupported = unsupportedByPyTorch(checked.plan, parsed.file);
  if (unsupported.length > 0) return { plan: checked.plan, diagnostics: [...diagnostics, ...unsupported], code: undefined, searchSpace };
  const paths = pythonPaths(projectRoot(options.baseDir), options.scriptDir && resolve(options.scriptDir));
  return { plan: checked.plan, diagnostics, code: emitScript(checked.plan, paths), searchSpace };
}
