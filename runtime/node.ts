/**
 * Node's built-in modules, for the parts of the runtime that read and write files or start threads.
 * They are reached through `process.getBuiltinModule` (Node ≥ 20.16) instead of static `node:` imports,
 * so the same runtime modules load in a browser, where bundlers would otherwise replace every `node:`
 * import with an empty stub (and `fileURLToPath is not a function` at run time). In a browser these
 * functions throw an error that names the feature and what to use there instead.
 */
import type * as Fs from "node:fs";
import type * as Path from "node:path";
import type * as Url from "node:url";
import type * as Crypto from "node:crypto";
import type * as WorkerThreads from "node:worker_threads";
import type * as Os from "node:os";
import type * as Zlib from "node:zlib";
import type * as V8 from "node:v8";

interface NodeProcess {
  readonly getBuiltinModule?: (id: string) => unknown;
  readonly env: Record<string, string | undefined>;
  readonly pid: number;
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process;
const getBuiltin = nodeProcess?.getBuiltinModule;

/** True in Node (with process.getBuiltinModule), false in a browser or a Worker there. */
export const inNode: boolean = typeof getBuiltin === "function";

function builtin<T>(id: string, feature: string, instead: string): T {
  if (getBuiltin === undefined) {
    const why = nodeProcess === undefined ? "this is not Node.js" : "this Node.js is older than 20.16 (no process.getBuiltinModule)";
    throw new Error(`${feature} needs Node.js's ${id}, but ${why}${instead ? `; ${instead}` : ""}`);
  }
  return getBuiltin(id) as T;
}

export const nodeFs = (feature: string, instead = ""): typeof Fs => builtin("node:fs", feature, instead);
export const nodePath = (feature: string, instead = ""): typeof Path => builtin("node:path", feature, instead);
export const nodeUrl = (feature: string, instead = ""): typeof Url => builtin("node:url", feature, instead);
export const nodeCrypto = (feature: string): typeof Crypto => builtin("node:crypto", feature, "");
export const nodeWorkerThreads = (feature: string): typeof WorkerThreads => builtin("node:worker_threads", feature, "");
export const nodeOs = (feature: string): typeof Os => builtin("node:os", feature, "");
export const nodeZlib = (feature: string, instead = ""): typeof Zlib => builtin("node:zlib", feature, instead);
export const nodeV8 = (feature: string): typeof V8 => builtin("node:v8", feature, "");

/** An environment variable in Node; undefined elsewhere. */
export function environment(name: string): string | undefined {
  return nodeProcess?.env?.[name];
}

/** The whole environment in Node (for a worker thread's copy); empty elsewhere. */
export function environmentCopy(): Record<string, string | undefined> {
  return { ...(nodeProcess?.env ?? {}) };
}

/** This process's id in Node; 0 elsewhere. */
export function processId(): number {
  return nodeProcess?.pid ?? 0;
}
