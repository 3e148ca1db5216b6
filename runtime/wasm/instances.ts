import { arenaOf, type Arena } from "../arena.ts";
import { registerInstance } from "./threads.ts";

/*
 * One compiled module per kernel family per process, one instance of it per Arena (an instance is
 * bound to the memory it imports). Families are keyed by their module-bytes function.
 */

type Exports = Record<string, (...args: number[]) => void>;

const compiled = new Map<() => Uint8Array, WebAssembly.Module>();
const instances = new WeakMap<Arena, Map<() => Uint8Array, Exports>>();

const ids = new WeakMap<Arena, Map<() => Uint8Array, number>>();

/** The compiled module of a kernel family. */
export function moduleOf(moduleBytes: () => Uint8Array): WebAssembly.Module {
  let module = compiled.get(moduleBytes);
  if (module === undefined) compiled.set(moduleBytes, (module = new WebAssembly.Module(moduleBytes() as Uint8Array<ArrayBuffer>)));
  return module;
}

/** The exports of `moduleBytes`'s module instantiated over `arena`'s memory. */
export function kernelsFor(arena: Arena, moduleBytes: () => Uint8Array): Exports {
  let byModule = instances.get(arena);
  if (byModule === undefined) instances.set(arena, (byModule = new Map()));
  let exports = byModule.get(moduleBytes);
  if (exports === undefined) {
    exports = new WebAssembly.Instance(moduleOf(moduleBytes), { env: { memory: arena.memory } }).exports as Exports;
    byModule.set(moduleBytes, exports);
  }
  return exports;
}

/**
 * The id (runtime/wasm/threads.ts) of the instance kernelsFor(arena, moduleBytes), whose exports a
 * KernelProgram calls by their index in `names` (the same names for every call with one family).
 */
export function instanceIdFor(arena: Arena, moduleBytes: () => Uint8Array, names: readonly string[]): number {
  let byModule = ids.get(arena);
  if (byModule === undefined) ids.set(arena, (byModule = new Map()));
  let id = byModule.get(moduleBytes);
  if (id === undefined) byModule.set(moduleBytes, (id = registerInstance(arena, kernelsFor(arena, moduleBytes), names)));
  return id;
}

/** The Arena holding every one of `views` when SIMD may run on them (float32 data, int32 indices), else null. */
export function commonArena(simd: boolean, ...views: ArrayBufferView[]): Arena | null {
  if (!simd) return null;
  let arena: Arena | null = null;
  for (const v of views) {
    if (!(v instanceof Float32Array || v instanceof Int32Array)) return null;
    const a = arenaOf(v);
    if (a === null || (arena !== null && a !== arena)) return null;
    arena = a;
  }
  return arena;
}
