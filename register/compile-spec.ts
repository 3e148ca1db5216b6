/**
 * Compiling an imported spec for the Node loader hook: the generated module, as JavaScript, goes to a
 * per-content cache folder (so an edited spec is recompiled, an unchanged one is not), and a spec that does not compile
 * fails the import with every diagnostic pointing at the `.nn` file, as `nnc check` prints them.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileSource } from "../compiler/compile.ts";
import { formatDiagnostic } from "../compiler/diagnostics.ts";
import { moduleCacheFolder, runtimeEntryUrl, writeRunnableModule } from "../cli/spec-module.ts";

export class SpecImportError extends Error {
  override name = "SpecImportError";
}

export async function compiledModuleUrl(specUrl: string): Promise<string> {
  const path = fileURLToPath(specUrl);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SpecImportError(`cannot import ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const folder = moduleCacheFolder(path, text);
  const name = `${basename(path)}.js`;
  const file = join(folder, name);
  if (!existsSync(file)) {
    const result = await compileSource(text, { source: path, baseDir: dirname(path), runtimeImport: runtimeEntryUrl, moduleDir: folder });
    if (result.code === undefined) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      const shown = errors.map((d) => formatDiagnostic(d, path, text)).join("\n");
      throw new SpecImportError(`${path} does not compile (${errors.length} error${errors.length === 1 ? "" : "s"}):\n${shown}`);
    }
    writeRunnableModule(folder, name, result.code);
  }
  return pathToFileURL(file).href;
}
