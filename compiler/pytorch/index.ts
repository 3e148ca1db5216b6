/**
 * The PyTorch target: spec → checked plan (the same plan the TypeScript target uses) → one standalone
 * Python training script. Constructs the script cannot express yet are NN4020 errors.
 */
import { resolve } from "node:path";
import { analyze, type Analysis } from "../analyze.ts";
import { projectRoot } from "../project-root.ts";
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

export interface PyTorchResult extends Analysis {
  /**
   * The script; undefined when the spec has errors, uses something the target cannot express (NN4020
   * errors, among `diagnostics`), or is a search space (no single model to write a script for).
   */
  readonly code: string | undefined;
}

export function compilePyTorch(text: string, options: PyTorchOptions): PyTorchResult {
  const analysis = analyze(text, { source: options.source, baseDir: options.baseDir });
  const { file, plan, diagnostics } = analysis;
  if (plan === undefined || analysis.hasErrors || analysis.searchSpace.length > 0) return { ...analysis, code: undefined };
  const unsupported = unsupportedByPyTorch(plan, file);
  if (unsupported.length > 0) return { ...analysis, diagnostics: [...diagnostics, ...unsupported], hasErrors: true, code: undefined };
  const paths = pythonPaths(projectRoot(options.baseDir), options.scriptDir && resolve(options.scriptDir));
  return { ...analysis, code: emitScript(plan, paths) };
}
