import type { FloatArray, Precision } from "./types.ts";
import { bytesPerFloat } from "./types.ts";
import { registerArenaBuffer } from "./wasm/registry.ts";

const PAGE = 65536;
const ALIGN = 16;
/** 4 GiB, the wasm32 limit; only reserved address space, committed as the arena grows. */
const MAX_PAGES = 65536;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * Bump allocator over one WebAssembly.Memory, so later SIMD kernels can run over the same bytes.
 *
 * The memory is `shared`: growing a non-shared memory detaches its ArrayBuffer and silently
 * empties every view handed out before, whereas a SharedArrayBuffer grows in place and old views
 * stay valid. Every allocation starts on a 16-byte boundary (one v128 lane group).
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  private top = 0;

  constructor(bytes: number) {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`Arena size must be a finite number of bytes >= 0, got ${bytes}`);
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
    registerArenaBuffer(this);
  }

  /** Bytes needed for `floats` floats and `ints` int32s in one allocation each, alignment included. */
  static bytesFor(precision: Precision, floats: number, ints: number): number {
    return align(floats * bytesPerFloat(precision)) + align(ints * 4);
  }

  /** Bytes handed out so far (including alignment padding). */
  get used(): number {
    return this.top;
  }

  floats(precision: Precision, n: number): FloatArray {
    const off = this.reserve(n * bytesPerFloat(precision));
    const buf = this.memory.buffer;
    return precision === "f32" ? new Float32Array(buf, off, n) : new Float64Array(buf, off, n);
  }

  ints(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.reserve(n * 4), n);
  }

  bytes(n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.reserve(n), n);
  }

  /** Returns the byte offset of a fresh zeroed block of `size` bytes, growing the memory if needed. */
  private reserve(size: number): number {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`allocation size must be a non-negative integer, got ${size}`);
    const off = this.top;
    const end = off + align(size);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`Arena cannot grow beyond 4 GiB (asked for ${end} bytes)`);
      this.memory.grow(pages);
      registerArenaBuffer(this);
    }
    this.top = end;
    return off;
  }
}
