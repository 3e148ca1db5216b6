/**
 * Generating the TypeScript module of a spec from the editor: exactly what `nnc compile name.nn` writes,
 * through the same writer (cli/generated-files.ts): `name.nn.ts` beside `name.nn` and the `name.d.nn.ts`
 * shim, so a TypeScript project importing the spec sees its types at once.
 * Nothing is written while the spec has errors (the previous module stays), nor for a document that is
 * not a `.nn` file; a folder that cannot be written is a `failed` result, not an exception.
 */
import { basename, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/index.ts";
import { writeModuleBesideSpec } from "../cli/generated-files.ts";

export type GenerateResult = { readonly written: string } | { readonly skipped: string } | { readonly failed: string };

export async function generateBesideSpec(uri: string, text: string): Promise<GenerateResult> {
  if (!uri.startsWith("file:")) return { skipped: "the spec is not saved to a file" };
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch (e) {
    return { skipped: `${uri} is not a local file path (${e instanceof Error ? e.message : String(e)})` };
  }
  if (extname(path) !== ".nn") return { skipped: `${basename(path)} is not a .nn spec; nothing was generated` };
  const dir = dirname(path);
  const result = await compile(text, { source: basename(path), baseDir: dir, moduleDir: dir });
  if (result.code === undefined) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    return { skipped: `${basename(path)} has ${errors} error${errors === 1 ? "" : "s"}; nothing was generated` };
  }
  try {
    return { written: writeModuleBesideSpec(path, result.code) };
  } catch (e) {
    // The writer's error names the file and the reason (ENOENT, EACCES...).
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}
