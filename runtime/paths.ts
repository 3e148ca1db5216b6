/** Run-time side of the generated code's relative paths (see compiler/codegen/paths.ts). */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The absolute path of `relativePath` (slash-separated) taken from the folder of the module at `moduleUrl`. */
export function resolveDataPath(moduleUrl: string, relativePath: string): string {
  return resolve(dirname(fileURLToPath(moduleUrl)), ...relativePath.split("/"));
}
