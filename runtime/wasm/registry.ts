import type { Arena } from "../arena.ts";

/*
 * Which Arena owns a typed array's bytes. WebAssembly kernels can only touch views of their own
 * memory, and a SharedArrayBuffer does not lead back to its WebAssembly.Memory, so each Arena
 * records every buffer object it hands views of (growing a shared memory yields a new buffer
 * object over the same bytes; views of the old one stay valid, so old entries stay useful).
 */
const owners = new WeakMap<ArrayBufferLike, Arena>();

/** Called by the Arena whenever its memory's buffer object may have changed, with the object its views use. */
export function registerArenaBuffer(arena: Arena, buffer: ArrayBufferLike = arena.memory.buffer): void {
  owners.set(buffer, arena);
}

/** The Arena whose memory holds `view`, or null for an ordinary typed array. */
export function arenaOf(view: ArrayBufferView): Arena | null {
  return owners.get(view.buffer) ?? null;
}
