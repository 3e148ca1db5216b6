/** Run-time side of the generated code's relative paths (see compiler/codegen/paths.ts). */
import { inNode, nodeUrl } from "./node.ts";

/**
 * Where a data or weights file named relative to a generated module is, as the loaders take it: in Node
 * the absolute path of a `file:` URL; anywhere else (a browser, or a bundler's asset URL) the URL itself,
 * which the browser loaders fetch. Generated code passes `new URL("./data/x.csv", import.meta.url)`, the
 * form bundlers such as Vite recognise and turn into an asset; with two arguments, `relativePath`
 * (slash-separated) is taken from the folder of the module at `moduleUrl`.
 */
export function resolveDataPath(url: URL | string, relativePath?: string): string {
  const u = relativePath === undefined ? new URL(url) : new URL(relativePath, url);
  return inNode && u.protocol === "file:" ? nodeUrl("file paths").fileURLToPath(u) : u.href;
}
