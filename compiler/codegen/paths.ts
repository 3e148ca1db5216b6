/**
 * File paths in generated code. A data or weights file inside the spec's project (the nearest folder
 * above the spec with a package.json, else the spec's folder) is written relative to the generated
 * module as `new URL("./…", import.meta.url)` and resolved at run time (a path in Node, a URL in a
 * browser), so committed generated code is the same on every machine and keeps working when the checkout
 * moves; bundlers (Vite) recognise the form and ship the file as an asset. Other paths (system data sets)
 * stay absolute.
 */
import { isAbsolute, relative, sep } from "node:path";
import { str } from "./literals.ts";

export interface PathContext {
  /** Root of the spec's project: paths inside it are emitted relative to the module. */
  readonly specDir: string | undefined;
  /** Folder the generated module will be written to. */
  readonly moduleDir: string | undefined;
  /** Paths outside the project are made relative too (for bundlers, which ship them as assets). */
  readonly allRelative?: boolean;
  /**
   * Relative paths resolve against this absolute URL instead of the module's own (`import.meta.url`): for
   * a module imported from a blob: URL, against which no relative path resolves (the playground).
   */
  readonly baseUrl?: string;
}

/** A TypeScript expression for the absolute path `abs`; the second value says whether `resolveDataPath` is used. */
export function pathExpression(abs: string, ctx: PathContext): { code: string; usesResolver: boolean } {
  const inside = ctx.allRelative === true || (ctx.specDir !== undefined && abs.startsWith(ctx.specDir + sep));
  if (ctx.moduleDir !== undefined && isAbsolute(abs) && inside) {
    const rel = relative(ctx.moduleDir, abs).split(sep).join("/");
    const url = rel.startsWith("../") ? rel : `./${rel}`;
    const base = ctx.baseUrl === undefined ? "import.meta.url" : str(ctx.baseUrl);
    return { code: `resolveDataPath(new URL(${str(url)}, ${base}))`, usesResolver: true };
  }
  return { code: str(abs), usesResolver: false };
}
