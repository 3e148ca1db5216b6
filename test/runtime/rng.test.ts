import { describe, expect, it } from "vitest";
import { Rng } from "../../runtime/rng.ts";

describe("Rng (xoshiro128** seeded by splitmix32)", () => {
  it("gives the same stream for the same seed and a different one for another seed", () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const sa = Array.from({ length: 10 }, () => a.nextU32());
    expect(Array.from({ length: 10 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 10 }, () => c.nextU32())).not.toEqual(sa);
    for (const v of sa) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
  });

  it("follows the published xoshiro128** recurrence from any state, and reports its state as uint32 words", () => {
    // The algorithm as Blackman & Vigna publish it, in BigInt arithmetic modulo 2³²: an oracle independent
    // of the int32 tricks the class uses for speed.
    const M = (1n << 32n) - 1n;
    const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
    const reference = (state: bigint[]): bigint => {
      const [s0, s1, s2, s3] = state;
      const result = (rotl((s1 * 5n) & M, 7n) * 9n) & M;
      const t = (s1 << 9n) & M;
      const n2 = s2 ^ s0,
        n3 = s3 ^ s1;
      const n1 = s1 ^ n2,
        n0 = s0 ^ n3;
      state.splice(0, 4, n0, n1, n2 ^ t, rotl(n3, 11n));
      return result;
    };
    for (const words of [
      [1, 2, 3, 4],
      [0xffffffff, 0x80000000, 0x7fffffff, 0xdeadbeef],
    ]) {
      const r = new Rng(0);
      r.setState([...words, 0, 0]);
      const state = words.map(BigInt);
      for (let i = 0; i < 1000; i++) expect(r.nextU32()).toBe(Number(reference(state)));
      expect(r.getState().slice(0, 4)).toEqual(state.map(Number));
    }
  });

  it("next() is uniform in [0, 1)", () => {
    const r = new Rng(1);
    let s = 0,
      min = 1,
      max = 0;
    for (let i = 0; i < 100000; i++) {
      const v = r.next();
      s += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(s / 100000 - 0.5)).toBeLessThan(0.005);
  });

  it("normal() has mean 0 and std 1", () => {
    const r = new Rng(2);
    let s = 0,
      ss = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      ss += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(ss / n) - 1)).toBeLessThan(0.01);
  });

  it("int(n) covers [0, n) evenly", () => {
    const r = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(/n >= 1/);
  });

  it("state round trip continues the exact stream, including a cached normal", () => {
    const a = new Rng(7);
    a.normal(); // leaves the partner normal cached
    const saved = a.getState();
    const expected = [a.normal(), a.nextU32(), a.next(), a.normal()];
    const b = new Rng(999);
    b.setState(JSON.parse(JSON.stringify(saved)));
    expect([b.normal(), b.nextU32(), b.next(), b.normal()]).toEqual(expected);
  });

  it("rejects malformed state", () => {
    expect(() => new Rng(1).setState([0, 0, 0, 0, 0, 0])).toThrow(/zero/);
    expect(() => new Rng(1).setState([1, 2, 3])).toThrow(/6 numbers/);
  });
});
