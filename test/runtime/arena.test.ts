import { describe, expect, it } from "vitest";
import { Arena } from "../../runtime/arena.ts";
import { ArenaRegion } from "../../runtime/arena-region.ts";

describe("Arena", () => {
  it("hands out zeroed, 16-byte aligned views over one WebAssembly.Memory", () => {
    const a = new Arena(1024);
    const x = a.floats("f32", 3),
      y = a.floats("f64", 5),
      z = a.ints(7),
      w = a.bytes(1);
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

  it("lets a second Arena over the same memory allocate without overlapping the first", () => {
    const a = new Arena(64);
    const x = a.floats("f32", 10);
    const joined = new Arena(a.memory); // what a worker thread does with the memory it was sent
    const y = joined.floats("f32", 10);
    const z = a.floats("f32", 10);
    const ranges = [x, y, z].map((v) => [v.byteOffset, v.byteOffset + v.byteLength]).sort((p, q) => p[0] - q[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
    expect(Arena.of(a.memory)).toBe(joined);
  });

  it("lays a region out the same way every time, so two threads building from it see the same bytes", () => {
    const a = new Arena(0);
    const block = a.bytes(96);
    const layout = () => {
      const r = new ArenaRegion(a.memory, block.byteOffset, 96);
      return [r.floats("f32", 5), r.ints(3), r.floats("f32", 8)].map((v) => v.byteOffset);
    };
    expect(layout()).toEqual(layout());
    expect(layout()[0]).toBe(block.byteOffset);
    const r = new ArenaRegion(a.memory, block.byteOffset, 96);
    r.floats("f32", 20);
    expect(() => r.floats("f32", 5)).toThrow(/more than the 16 bytes left/);
  });
});
