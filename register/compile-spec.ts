/**
 * Compiling an imported spec for the Node loader hook: the generated module, as JavaScript, goes to a
 * per-content cache folder (so an edited spec is recompiled, and an installed nnc reuses an unchanged one; a clone of nnc
 * compiles on every import, since its compiler may have changed), and a spec that does not compile
 * fails the import with every diagnostic pointing at the `.nn` file, as `nnc check` prints them.
 */
import { basename, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile, formatDiagnostic } from "../compiler/index.ts";
import { readSpecText } from "../cli/read-spec.ts";
import { cachedRunnableModule, moduleCacheFolder, runtimeEntryUrl } from "../cli/spec-module.ts";

export class SpecImportError extends Error {
  override name = "SpecImportError";
}

export async function compiledModuleUrl(specUrl: string): Promise<string> {
  const path = fileURLToPath(specUrl);
  const read = readSpecText(path);
  if ("problem" in read) throw new SpecImportError(`cannot import ${path}: ${read.problem}`);
  const text = read.text;
  const folder = moduleCacheFolder(path, text);
  const name = `${basename(path)}.js`;
  const file = await cachedRunnableModule(folder, name, async () => {
    const result = await compile(text, { source: path, baseDir: dirname(path), runtimeImport: runtimeEntryUrl, moduleDir: folder });
    if (result.code === undefined) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      const shown = errors.map((d) => formatDiagnostic(d, path, text)).join("\n");
      throw new SpecImportError(`${path} does not compile (${errors.length} error${errors.length === 1 ? "" : "s"}):\n${shown}`);
    }
    return result.code;
  });
  return pathToFileURL(file).href;
}
