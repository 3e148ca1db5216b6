import { ARENA_ALIGN, ARENA_HEADER_BYTES } from "./contract.ts";
import type { FloatArray, Precision } from "./types.ts";
import { bytesPerFloat } from "./types.ts";

const PAGE = 65536;
const ALIGN = ARENA_ALIGN;
/** 4 GiB, the wasm32 limit; only reserved address space, committed as the arena grows. */
const MAX_PAGES = 65536;
/**
 * The first 16 bytes of every arena memory hold the allocation top (in ALIGN units, an Int32 so
 * Atomics can bump it). Keeping it in the memory, not in the object, is what lets several Arenas over
 * one memory — the training thread's and each data-parallel worker's — allocate without overlapping.
 */
const HEADER = ARENA_HEADER_BYTES;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** This thread's Arena for each memory (the one that made it, or one joined to it). */
const homes = new WeakMap<WebAssembly.Memory, Arena>();

/*
 * Which Arena owns a typed array's bytes. WebAssembly kernels can only touch views of their own
 * memory, and a SharedArrayBuffer does not lead back to its WebAssembly.Memory, so each Arena
 * records every buffer object it hands views of (growing a shared memory yields a new buffer
 * object over the same bytes; views of the old one stay valid, so old entries stay useful).
 */
const owners = new WeakMap<ArrayBufferLike, Arena>();

/** The Arena whose memory holds `view`, or null for an ordinary typed array. */
export function arenaOf(view: ArrayBufferView): Arena | null {
  return owners.get(view.buffer) ?? null;
}

/**
 * Bump allocator over one WebAssembly.Memory, so later SIMD kernels can run over the same bytes.
 *
 * The memory is `shared`: growing a non-shared memory detaches its ArrayBuffer and silently
 * empties every view handed out before, whereas a SharedArrayBuffer grows in place and old views
 * stay valid. It also lets worker threads (runtime/parallel) see the same bytes: `Arena.of` joins a
 * memory made elsewhere. Every allocation starts on a 16-byte boundary (one v128 lane group).
 */
export class Arena {
  /** Every allocation's alignment in bytes; the code generator sizes replica blocks with it. */
  static readonly ALIGN = ALIGN;
  /** The most bytes one arena can hold: the wasm32 limit of 65,536 pages of 64 KiB. */
  static readonly MAX_BYTES = MAX_PAGES * PAGE;
  readonly memory: WebAssembly.Memory;
  /** The shared allocation top, [0] in ALIGN units. */
  private readonly top: Int32Array;
  /** The buffer object last registered for this thread (a memory grown by any thread hands out a new one). */
  private known: ArrayBufferLike | undefined;

  /** A new memory of at least `bytes` bytes (grown on demand), or, given a memory, this thread's view of it. */
  constructor(bytes: number);
  constructor(memory: WebAssembly.Memory);
  constructor(source: number | WebAssembly.Memory) {
    if (typeof source === "number") {
      if (!(source >= 0) || !Number.isFinite(source))
        throw new RangeError(`Arena size must be a finite number of bytes >= 0, got ${source}`);
      const pages = Math.max(1, Math.ceil((HEADER + source) / PAGE));
      this.memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
      this.top = new Int32Array(this.memory.buffer, 0, 1);
      this.top[0] = HEADER / ALIGN;
    } else {
      this.memory = source;
      this.top = new Int32Array(source.buffer, 0, 1);
      if (Atomics.load(this.top, 0) < HEADER / ALIGN) throw new RangeError("this memory was not made by an Arena");
    }
    homes.set(this.memory, this);
    this.buffer();
  }

  /** This thread's Arena over `memory` (made by another thread, typically), created on first use. */
  static of(memory: WebAssembly.Memory): Arena {
    return homes.get(memory) ?? new Arena(memory);
  }

  /** Bytes needed for `floats` floats and `ints` int32s in one allocation each, alignment included. */
  static bytesFor(precision: Precision, floats: number, ints: number): number {
    return align(floats * bytesPerFloat(precision)) + align(ints * 4);
  }

  /** Bytes handed out so far from this memory, by every Arena over it (including alignment padding and the header). */
  get used(): number {
    return Atomics.load(this.top, 0) * ALIGN;
  }

  floats(precision: Precision, n: number): FloatArray {
    return this.floatsAt(precision, this.reserve(n * bytesPerFloat(precision)), n);
  }

  ints(n: number): Int32Array {
    return this.intsAt(this.reserve(n * 4), n);
  }

  bytes(n: number): Uint8Array {
    const off = this.reserve(n);
    return new Uint8Array(this.buffer(), off, n);
  }

  /** A view of `n` floats already allocated at `byteOffset` (by this or another thread's Arena). */
  floatsAt(precision: Precision, byteOffset: number, n: number): FloatArray {
    const buf = this.buffer();
    return precision === "f32" ? new Float32Array(buf, byteOffset, n) : new Float64Array(buf, byteOffset, n);
  }

  /** A view of `n` int32s already allocated at `byteOffset`. */
  intsAt(byteOffset: number, n: number): Int32Array {
    return new Int32Array(this.buffer(), byteOffset, n);
  }

  /**
   * The memory's current buffer object, registered for the SIMD kernels. A shared memory grown by any
   * thread gives this thread a new buffer object on the next read; views of the old one stay valid.
   */
  private buffer(): ArrayBufferLike {
    const buf = this.memory.buffer;
    if (buf !== this.known) {
      this.known = buf;
      owners.set(buf, this);
    }
    return buf;
  }

  /** Returns the byte offset of a fresh zeroed block of `size` bytes, growing the memory if needed. */
  private reserve(size: number): number {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`allocation size must be a non-negative integer, got ${size}`);
    const units = align(size) / ALIGN;
    if (Atomics.load(this.top, 0) + units > (MAX_PAGES * PAGE) / ALIGN)
      throw new RangeError(`Arena cannot grow beyond 4 GiB (asked for ${size} more bytes)`);
    const off = Atomics.add(this.top, 0, units) * ALIGN;
    const end = off + units * ALIGN;
    if (end > MAX_PAGES * PAGE) throw new RangeError(`Arena cannot grow beyond 4 GiB (asked for ${end} bytes)`);
    // Another thread may grow the memory at the same time; growing by a little too much is harmless.
    for (let have = this.memory.buffer.byteLength; have < end; have = this.memory.buffer.byteLength) {
      this.memory.grow(Math.min(Math.ceil((end - have) / PAGE), MAX_PAGES - have / PAGE));
    }
    return off;
  }
}
