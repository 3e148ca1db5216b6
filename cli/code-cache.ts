/**
 * V8's compiled code for the code generator's big dependencies — ts-morph with the TypeScript compiler it bundles
 * (9 MB of JavaScript) and prettier — kept between runs, so a command that generates code does not compile them from
 * source every time: `nnc compile examples/xor.nn` 0.79–0.85 → 0.67–0.71 s (docs/packaging.md, Cold start). Node 22
 * has this built in (module.enableCompileCache); Node 20 does not, and the v8-compile-cache package, which hooks every
 * CommonJS module of the process, gained a third as much here.
 *
 * Only those packages' CommonJS files go through here, and only in the command-line process (spec-module.ts installs
 * it when a command generates code; nnc/register, which runs in a user's own process, does not): V8 takes
 * cached code only for a script of the same length compiled by the same V8 with the same flags, and the cache's key
 * adds the file's size, time and inode, so a reinstalled package is compiled anew. What is found in the cache is run,
 * so it lives in the user's own folder (private-cache.ts); without one, nothing is cached.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { constants, Script } from "node:vm";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";
import { sharedPrivateFolder } from "./private-cache.ts";

/** The files whose compiled code is kept: ts-morph's, its TypeScript's and prettier's. */
const CACHED = /[\\/]node_modules[\\/](?:@ts-morph[\\/]common|ts-morph|prettier)[\\/].+\.js$/;

type Compile = (this: Module, content: string, filename: string) => unknown;

/** Module.prototype._compile, the step of require() that compiles a CommonJS file and runs it. */
const modulePrototype = Module.prototype as unknown as { _compile: Compile };

let folder: string | null | undefined;

/** The cache folder for this Node (V8 rejects another version's code), made on first use; null when there is none. */
function cacheFolder(): string | null {
  if (folder !== undefined) return folder;
  const root = sharedPrivateFolder("nnc-code-cache");
  folder = root === undefined ? null : join(root, `v8-${process.versions.v8}`);
  if (folder !== null) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch {
      folder = null;
    }
  }
  return folder;
}

/** Where the compiled code of `filename` is kept: a hash of its path, size, modification time and inode. */
function entryFor(dir: string, filename: string): string {
  const { size, mtimeMs, ino } = statSync(filename);
  return join(dir, createHash("sha256").update(`${filename}\0${size}\0${mtimeMs}\0${ino}`).digest("hex").slice(0, 32));
}

function readEntry(entry: string): Buffer | undefined {
  try {
    return readFileSync(entry);
  } catch {
    return undefined;
  }
}

/** Writes the entry whole or not at all (another nnc may be reading it); a cache that cannot be written is skipped. */
function writeEntry(entry: string, data: Buffer): void {
  try {
    writeFileAtomic(entry, data);
  } catch {
    // The next run compiles from source again.
  }
}

/** Compiles and runs a cached package's file as require() would, with V8's code from the cache when it has it. */
function compileCached(this: Module, content: string, filename: string, dir: string): unknown {
  const entry = entryFor(dir, filename);
  const cachedData = readEntry(entry);
  const script = new Script(Module.wrap(content), {
    filename,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  if (cachedData === undefined || script.cachedDataRejected === true) writeEntry(entry, script.createCachedData());
  return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
}

let installed = false;

/** From now on, ts-morph's and prettier's files compile with cached code (spec-module.ts calls it for an installed nnc). */
export function cacheToolchainCode(): void {
  if (installed) return;
  installed = true;
  const compile = modulePrototype._compile;
  modulePrototype._compile = function (content, filename) {
    const dir = CACHED.test(filename) ? cacheFolder() : null;
    return dir === null ? compile.call(this, content, filename) : compileCached.call(this, content, filename, dir);
  };
}
