/**
 * Where a command writes when --out is not given: `runs/<spec name><suffix>` under the current folder, beside
 * the `runs/<spec name>` of `nnc train` — `-sweep`, `-ensemble`, `-kfold`, `-bagging` for the commands that
 * train several models (docs/cli.md lists them).
 */
import { basename, join } from "node:path";

export function defaultOutDir(specFile: string, suffix = ""): string {
  return join("runs", basename(specFile).replace(/\.nn$/, "") + suffix);
}
