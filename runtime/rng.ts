/**
 * xoshiro128** (Blackman & Vigna) seeded with splitmix32. All arithmetic is 32-bit integer
 * (Math.imul, shifts), so the same seed gives the same stream on every platform. The state words are
 * held as int32 (`| 0`), which V8 keeps unboxed; as uint32 (`>>> 0`) every word above 2³¹ became a heap
 * number and each draw allocated (dropout's mask cost 15 ns an element). They leave the class as uint32.
 */

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_PI = 2 * Math.PI;
const TWO_POW_32 = 4294967296;

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Box–Muller yields two normals; the second is cached here (NaN when empty). */
  private spare = NaN;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
    // splitmix32: fills the four words from one 32-bit seed; never yields the all-zero state in practice.
    let a = (Math.trunc(seed) >>> 0) | 0;
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      a = (a + 0x9e3779b9) | 0;
      let t = a ^ (a >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t = t ^ (t >>> 15);
      t = Math.imul(t, 0x735a2d97);
      words[i] = (t ^ (t >>> 15)) >>> 0;
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
  }

  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal by Box–Muller; every second call returns the cached partner value. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log stays finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(TWO_PI * u2);
    return r * Math.cos(TWO_PI * u2);
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling) for n up to 2^32. */
  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`Rng.int needs an integer n >= 1, got ${n}`);
    if (n > TWO_POW_32) return Math.floor(this.next() * n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** [s0, s1, s2, s3, hasSpare (0|1), spare]: everything needed to continue the exact stream. */
  getState(): number[] {
    const has = Number.isNaN(this.spare) ? 0 : 1;
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, has, has ? this.spare : 0];
  }

  setState(s: readonly number[]): void {
    if (s.length !== 6) throw new RangeError(`Rng state must have 6 numbers, got ${s.length}`);
    for (let i = 0; i < 4; i++) {
      if (!Number.isInteger(s[i]) || s[i] < 0 || s[i] >= TWO_POW_32)
        throw new RangeError(`Rng state word ${i} must be a uint32, got ${s[i]}`);
    }
    if ((s[0] | s[1] | s[2] | s[3]) === 0) throw new RangeError("Rng state must not be all zero");
    this.s0 = s[0] | 0;
    this.s1 = s[1] | 0;
    this.s2 = s[2] | 0;
    this.s3 = s[3] | 0;
    this.spare = s[4] === 1 ? s[5] : NaN;
  }
}
