/**
 * Turning a spec file into a running module for the CLI: read, compile (printing diagnostics the same
 * way `nnc check` does) or reuse the module a built nnc cached for the same text, write it, and import it. The module written for execution
 * imports the runtime by absolute URL so it runs from any folder; `nnc compile` writes the portable
 * `nnc/runtime` form instead.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { analyze, compile, formatDiagnostic, projectRoot, type Analysis, type Plan } from "../compiler/index.ts";
import type { GeneratedModule } from "../runtime/index.ts";
import { UsageError, SpecError } from "./errors.ts";
import { writeModuleFile, writeRunnableModule } from "./generated-files.ts";
import { installIdentity } from "./package-info.ts";
import { cacheToolchainCode } from "./code-cache.ts";
import { cacheRoot } from "./private-cache.ts";
import { markUsed, pruneUnused } from "./cache-age.ts";
import { readSpec } from "./read-spec.ts";

/** The runtime this copy of nnc runs: its TypeScript source in a clone (under tsx), the compiled one when installed. */
export const runtimeEntryUrl = pathToFileURL(
  resolve(dirname(fileURLToPath(import.meta.url)), import.meta.url.endsWith(".ts") ? "../runtime/index.ts" : "../runtime/index.js"),
).href;

/** The exports every generated module has (runtime/generated-module.ts). */
export type { GeneratedModule };

/**
 * Whether this is a built nnc (installed, or a clone's dist/), not a clone's sources under tsx. Only a built nnc runs
 * a cached generated module again and keeps compiled code between runs: its generator changes only with
 * installIdentity(), while a clone's compiler sources change under an unchanged package.json.
 */
const builtCopy = !import.meta.url.endsWith(".ts");

/** Compiles a spec; prints warnings to stderr; throws SpecError (already printed) when it has errors. */
export async function compileSpecFile(
  path: string,
  runtimeImport: string,
  moduleDir?: string,
  profile = false,
): Promise<{ code: string; plan: Plan }> {
  return compileSpecText(path, readSpec(path), runtimeImport, moduleDir, profile);
}

async function compileSpecText(
  path: string,
  text: string,
  runtimeImport: string,
  moduleDir: string | undefined,
  profile: boolean,
): Promise<{ code: string; plan: Plan }> {
  // Every command that generates code comes through here (nnc/register, in a user's own process, does not): a built
  // nnc keeps V8's code of ts-morph and prettier between runs (code-cache.ts). A clone runs under tsx, whose loader
  // this would sit beside.
  if (builtCopy) cacheToolchainCode();
  const result = await compile(text, {
    ...analysisOptions(path),
    runtimeImport,
    moduleDir: moduleDir && resolve(moduleDir),
    profile,
  });
  const plan = reportAnalysis(path, text, result);
  if (result.code === undefined) throw new SpecError(`${path} has errors; nothing was compiled`);
  return { code: result.code, plan };
}

/** How the command line analyses a spec: named as given, its relative paths resolved against its folder. */
function analysisOptions(path: string): { source: string; baseDir: string } {
  return { source: path, baseDir: dirname(resolve(path)) };
}

/**
 * What every command does with a spec's analysis before it uses the plan: refuses a search space, prints the
 * diagnostics as `nnc check` does, and throws SpecError (already printed) when there are errors.
 */
function reportAnalysis(path: string, text: string, result: Analysis): Plan {
  if (result.searchSpace.length > 0 && !result.hasErrors) {
    // A search space has no single model to train; the midpoints `nnc check` uses are not a choice anyone made.
    throw new UsageError(
      `${path} is a search space (${result.searchSpace.length} distribution${result.searchSpace.length === 1 ? "" : "s"}); run \`nnc sweep ${path}\` to sample it`,
    );
  }
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d, path, text) + "\n");
  if (result.plan === undefined || result.hasErrors) throw new SpecError(`${path} has errors; nothing was compiled`);
  return result.plan;
}

/**
 * The per-content folder a spec's runnable module is cached in, under a folder only this user can write
 * (private-cache.ts: what is found there is run). The runtime and the copy of nnc are part of
 * the key: a clone and an installed copy compile the same spec against different runtimes, and an upgraded
 * nnc may generate different code. `variant` tells apart other
 * compilations of the same text (doctor's float64 copy, train's profiled one, a run folder's).
 */
export function moduleCacheFolder(specPath: string, text: string, variant = ""): string {
  // Besides the spec's text and absolute path: the path as given (the generated code names the spec by it) and its
  // project's root (paths inside the project are written relative to the module).
  const key = createHash("sha256")
    .update(resolve(specPath))
    .update("\0")
    .update(specPath)
    .update("\0")
    .update(projectRoot(dirname(resolve(specPath))))
    .update("\0")
    .update(text)
    .update("\0")
    .update(runtimeEntryUrl)
    .update("\0")
    .update(installIdentity())
    .update(variant)
    .digest("hex")
    .slice(0, 16);
  return join(cacheRoot("nnc-modules"), key);
}

/**
 * Whether a built nnc has the generated `files` in the cache folder `folder`, so that they can be used without
 * generating them again; if so, the folder is marked used (cache-age.ts). A clone never reuses them: its compiler's
 * sources change under an unchanged key. The package.json that makes the folder's modules ES modules is written
 * before them (writeModuleFile), and `files` in the order they were written, so the last one's presence vouches for
 * the others.
 */
function reusable(folder: string, files: readonly string[]): boolean {
  if (!builtCopy || !existsSync(join(folder, "package.json")) || !files.every((name) => existsSync(join(folder, name)))) return false;
  markUsed(folder);
  return true;
}

/** Writes generated `code` as the runnable module `name` of the cache folder `folder`, and ages out unused entries. */
async function writeCachedModule(folder: string, name: string, code: string): Promise<string> {
  pruneUnused(cacheRoot("nnc-modules"));
  return writeRunnableModule(folder, name, code);
}

/**
 * The runnable module `name` in the cache folder `folder`: the one already there when a built nnc has it, or else
 * the JavaScript of the TypeScript `generate` returns, written there. Returns its path.
 */
export async function cachedRunnableModule(folder: string, name: string, generate: () => Promise<string>): Promise<string> {
  return reusable(folder, [name]) ? join(folder, name) : writeCachedModule(folder, name, await generate());
}

/**
 * Compiles and imports a spec. Its module goes to the run folder `dir` when one is given, as model.nn.ts (to read)
 * and model.nn.js (what runs), and otherwise, or when `profile`d (`nnc train --profile`: a run folder only ever holds
 * the module people keep), to a per-content cache folder. A built nnc keeps every module it generates in the cache
 * folder (a run folder's under a key that holds the run folder, since the code names project files relative to it)
 * and uses it again while the spec, its path, its project and nnc are unchanged, so `nnc eval`, `nnc predict` and
 * `nnc train` of an unchanged spec skip the code generator; a run folder gets copies of the cached files. The spec is
 * still checked and its warnings printed.
 */
export async function loadSpecModule(
  path: string,
  dir?: string,
  profile = false,
): Promise<{ module: GeneratedModule; plan: Plan; file: string }> {
  const text = readSpec(path);
  const runFolder = profile || dir === undefined ? undefined : resolve(dir);
  // A run folder's module names project files relative to that folder.
  const cache = moduleCacheFolder(path, text, `${profile ? "profile" : "run"}\0${runFolder ?? ""}`);
  const names = runFolder === undefined ? ["model.nn.js"] : ["model.nn.ts", "model.nn.js"];
  let plan: Plan;
  if (reusable(cache, names)) {
    plan = reportAnalysis(path, text, analyze(text, analysisOptions(path)));
  } else {
    const compiled = await compileSpecText(path, text, runtimeEntryUrl, runFolder ?? cache, profile);
    plan = compiled.plan;
    if (runFolder !== undefined && !builtCopy) {
      // A clone never reuses the cache (reusable), so it writes a run folder's module there only.
      writeModuleFile(runFolder, "model.nn.ts", compiled.code);
      await writeRunnableModule(runFolder, "model.nn.js", compiled.code);
    } else {
      if (runFolder !== undefined) writeModuleFile(cache, "model.nn.ts", compiled.code);
      await writeCachedModule(cache, "model.nn.js", compiled.code);
    }
  }
  if (runFolder !== undefined && builtCopy) {
    for (const name of names) writeModuleFile(runFolder, name, readFileSync(join(cache, name), "utf8"));
  }
  const file = join(runFolder ?? cache, "model.nn.js");
  const module = (await import(pathToFileURL(file).href)) as GeneratedModule;
  return { module, plan, file };
}
