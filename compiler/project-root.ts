/**
 * The spec's project: generated code names files inside it relative to the generated module or script, so
 * a project folder can be moved or checked in; files outside it keep absolute paths.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest folder at or above `dir` holding a package.json, else `dir` itself. */
export function projectRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}
