/**
 * File paths in the generated script. A data or weights file inside the spec's project is written relative
 * to the script and resolved against `__file__` at run time, so the script keeps working when the checkout
 * (or the script with its data beside it) moves; other paths (system data sets) stay absolute.
 */
import { isAbsolute, relative, sep } from "node:path";
import { pyStr } from "./literals.ts";

export interface PythonPaths {
  /** A Python expression for the absolute path `abs`. */
  expression(abs: string): string;
}

export function pythonPaths(projectDir: string | undefined, scriptDir: string | undefined): PythonPaths {
  return {
    expression(abs: string): string {
      if (projectDir !== undefined && scriptDir !== undefined && isAbsolute(abs) && abs.startsWith(projectDir + sep)) {
        return `beside_script(${pyStr(relative(scriptDir, abs).split(sep).join("/"))})`;
      }
      return pyStr(abs);
    },
  };
}
