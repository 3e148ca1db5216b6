/**
 * File paths in generated code. A data or weights file inside the spec's project (the nearest folder
 * above the spec with a package.json, else the spec's folder) is written relative to the generated
 * module and resolved against `import.meta.url` at run time, so committed generated code is the same on
 * every machine and keeps working when the checkout moves. Other paths (system data sets) stay absolute.
 */
import { isAbsolute, relative, sep } from "node:path";
import { str } from "./literals.ts";

export interface PathContext {
  /** Root of the spec's project: paths inside it are emitted relative to the module. */
  readonly specDir: string | undefined;
  /** Folder the generated module will be written to. */
  readonly moduleDir: string | undefined;
}

/** A TypeScript expression for the absolute path `abs`; the second value says whether `resolveDataPath` is used. */
export function pathExpression(abs: string, ctx: PathContext): { code: string; usesResolver: boolean } {
  if (ctx.specDir !== undefined && ctx.moduleDir !== undefined && isAbsolute(abs) && abs.startsWith(ctx.specDir + sep)) {
    const rel = relative(ctx.moduleDir, abs).split(sep).join("/");
    return { code: `resolveDataPath(import.meta.url, ${str(rel)})`, usesResolver: true };
  }
  return { code: str(abs), usesResolver: false };
}
