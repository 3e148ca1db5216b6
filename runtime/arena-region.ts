import { Arena } from "./arena.ts";
import type { FloatArray, Precision } from "./types.ts";
import { bytesPerFloat } from "./types.ts";

/**
 * The buffers of a data-parallel replica, laid out one after another from a block of an Arena's memory
 * that the training thread reserved (zeroed, never used before). The offsets depend only on the block and
 * the sequence of requests, so the generated constructor run with the same placement in two threads gets
 * views of the same bytes: the stand-in replica the training thread computes with while a worker starts
 * and the worker's own replica are one replica (runtime/parallel/data-parallel.ts).
 */
export class ArenaRegion {
  /** This thread's Arena over the memory: it creates and registers the views, and serves the kernels' later scratch. */
  private readonly arena: Arena;
  private next: number;
  private readonly end: number;

  constructor(memory: WebAssembly.Memory, at: number, bytes: number) {
    this.arena = Arena.of(memory);
    this.next = at;
    this.end = at + bytes;
  }

  floats(precision: Precision, n: number): FloatArray {
    return this.arena.floatsAt(precision, this.take(n * bytesPerFloat(precision)), n);
  }

  ints(n: number): Int32Array {
    return this.arena.intsAt(this.take(n * 4), n);
  }

  /** A view of `n` floats the primary owns at `byteOffset` (its params and stats). */
  floatsAt(precision: Precision, byteOffset: number, n: number): FloatArray {
    return this.arena.floatsAt(precision, byteOffset, n);
  }

  private take(size: number): number {
    const off = this.next;
    this.next += Math.ceil(size / Arena.ALIGN) * Arena.ALIGN;
    if (this.next > this.end) throw new Error(`internal: a replica's buffers need more than the ${this.end - off} bytes left in its block`);
    return off;
  }
}
