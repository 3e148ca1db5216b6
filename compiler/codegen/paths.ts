/**
 * File paths in generated code. A data or weights file inside the spec's folder is written relative to
 * the generated module and resolved against `import.meta.url` at run time, so committed generated code
 * is the same on every machine and keeps working when the checkout moves. Other paths stay absolute.
 */
import { isAbsolute, relative, sep } from "node:path";
import { str } from "./literals.ts";

export interface PathContext {
  /** Folder of the spec (relative paths in the spec were resolved against it). */
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
