import { describe, expect, it } from "vitest";
import { Arena } from "../../runtime/arena.ts";

describe("Arena", () => {
  it("hands out zeroed, 16-byte aligned views over one WebAssembly.Memory", () => {
    const a = new Arena(1024);
    const x = a.floats("f32", 3), y = a.floats("f64", 5), z = a.ints(7), w = a.bytes(1);
    for (const v of [x, y, z, w]) {
      expect(v.byteOffset % 16).toBe(0);
      expect(Array.from(v).every((e) => e === 0)).toBe(true);
    }
    y[0] = 1; // visible through the memory's own bytes
    expect(new Float64Array(a.memory.buffer, y.byteOffset, 1)[0]).toBe(1);
    expect(x).toBeInstanceOf(Float32Array);
    expect(y).toBeInstanceOf(Float64Array);
    expect(y.byteOffset).toBeGreaterThanOrEqual(x.byteOffset + 12);
  });

  it("grows past its initial size without invalidating earlier views", () => {
    const a = new Arena(16);
    const first = a.floats("f64", 4);
    first[3] = 2.5;
    const big = a.floats("f32", 100000); // needs more than the first 64 KiB page
    big[99999] = 1;
    expect(first.length).toBe(4);
    expect(first[3]).toBe(2.5);
    expect(a.memory.buffer.byteLength).toBeGreaterThanOrEqual(400000);
  });

  it("bytesFor covers one float and one int allocation with alignment", () => {
    expect(Arena.bytesFor("f32", 3, 1)).toBe(32);
    expect(Arena.bytesFor("f64", 2, 4)).toBe(32);
  });
});
