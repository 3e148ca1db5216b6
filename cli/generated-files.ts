/**
 * Every file of generated code nnc puts on disk goes through here — `nnc compile`, the editor's
 * generate-on-save (lsp/generate.ts), the modules `nnc train` and the loader hook import, the PyTorch
 * target's scripts — and is written atomically (runtime/checkpoint/atomic.ts), so an interrupted compile
 * leaves the previous file or the new one, never half of one. The compiler itself only returns text.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { declarationShim } from "../compiler/index.ts";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";
import { writeOutputFile } from "./output-path.ts";

/**
 * Writes a spec's module where `nnc compile FILE.nn` puts it by default, FILE.nn.ts beside the spec, and
 * the FILE.d.nn.ts shim that lets TypeScript type `import ... from "./FILE.nn"`. Returns the module's
 * path; throws OutputError (one line naming the path, the reason, and `command` when given) when it
 * cannot be written.
 */
export function writeModuleBesideSpec(specPath: string, code: string, command?: string): string {
  const out = `${specPath}.ts`;
  writeOutputFile(out, code, command);
  writeDeclarationShim(specPath);
  return out;
}

/** Writes the shim beside the spec at `specPath` unless it is already there with this text. */
export function writeDeclarationShim(specPath: string): void {
  const name = basename(specPath);
  const shim = join(dirname(specPath), `${name.replace(/\.nn$/, "")}.d.nn.ts`);
  const text = declarationShim(name);
  if (!existsSync(shim) || readFileSync(shim, "utf8") !== text) writeFileAtomic(shim, text);
}

/**
 * Writes generated TypeScript as the JavaScript module Node imports (no TypeScript loader needed; see
 * transpileToJavaScript) and returns its path. The TypeScript compiler is loaded here, on first use, not
 * when this file is: the language server writes through this file too and never needs it.
 */
export async function writeRunnableModule(folder: string, name: string, code: string): Promise<string> {
  const { transpileToJavaScript } = await import("../compiler/codegen/toolchain.ts");
  return writeModuleFile(folder, name, transpileToJavaScript(code));
}

/**
 * Writes a generated module where Node will load it as an ES module: a folder outside any package would
 * otherwise make Node treat the file as CommonJS, so a `{"type": "module"}` package.json goes beside it.
 */
export function writeModuleFile(folder: string, name: string, code: string): string {
  mkdirSync(folder, { recursive: true });
  const pkg = join(folder, "package.json");
  if (!existsSync(pkg)) writeFileAtomic(pkg, '{ "type": "module" }\n');
  const file = join(folder, name);
  writeFileAtomic(file, code);
  return file;
}

/** Writes a PyTorch training script, creating its folder. */
export function writeScript(path: string, code: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileAtomic(path, code);
}
