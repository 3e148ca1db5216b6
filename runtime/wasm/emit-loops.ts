import { F32, F64, FunctionBuilder, I32, V128, op, simdOp } from "./encode.ts";

/*
 * Loop shapes shared by the element-wise SIMD kernels, so each kernel states only its arithmetic.
 * Addresses are byte addresses; counts are elements (f32).
 */

/**
 * Runs `body(true, off)` for elements [0, n − n mod 4) four at a time, then `body(false, off)` for
 * the remainder one at a time; `off` is a local holding the element's byte offset from the start.
 */
export function lanes(f: FunctionBuilder, n: number, body: (vec: boolean, off: number) => void): void {
  const i = f.local(I32),
    n4 = f.local(I32),
    off = f.local(I32);
  f.get(n);
  f.i32(-4);
  f.op(op.i32And);
  f.set(n4);
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n4),
    4,
    () => {
      f.get(i);
      f.i32(2);
      f.op(op.i32Shl);
      f.set(off);
      body(true, off);
    },
  );
  f.forRange(
    i,
    () => f.get(n4),
    () => f.get(n),
    1,
    () => {
      f.get(i);
      f.i32(2);
      f.op(op.i32Shl);
      f.set(off);
      body(false, off);
    },
  );
}

/** Pushes base + off (two locals) as an address. */
export function at(f: FunctionBuilder, base: number, off: number): void {
  f.get(base);
  f.get(off);
  f.op(op.i32Add);
}

/** Sets local `into` to the f32 at arr + c4 (a per-channel operand) in all four lanes. */
export function splat(f: FunctionBuilder, arr: number, c4: number, into: number): void {
  at(f, arr, c4);
  f.v128Load32Splat();
  f.set(into);
}

/** Pushes the f32 at arr + c4 (a per-channel operand, for the scalar tail). */
export function scalar(f: FunctionBuilder, arr: number, c4: number): void {
  at(f, arr, c4);
  f.f32Load();
}

/** Per channel operand (array, vector local, scalar local): the f32 at array + c4 splat into the first, kept in the second. */
export function channelOperands(f: FunctionBuilder, c4: number, operands: readonly (readonly [number, number, number])[]): void {
  for (const [arr, vec, one] of operands) {
    splat(f, arr, c4, vec);
    scalar(f, arr, c4);
    f.set(one);
  }
}

/**
 * for b < B, c < C: body(plane, c4) where `plane` holds the byte address offset of plane (b, c) of
 * an NCHW tensor with S positions per plane (((b·C + c)·S)·4) and `c4` holds c·4 (for per-channel f32 arrays).
 */
export function forPlanes(f: FunctionBuilder, B: number, C: number, S: number, body: (plane: number, c4: number) => void): void {
  const b = f.local(I32),
    c = f.local(I32),
    plane = f.local(I32),
    c4 = f.local(I32);
  f.i32(0);
  f.set(plane);
  f.forRange(
    b,
    () => f.i32(0),
    () => f.get(B),
    1,
    () => {
      f.forRange(
        c,
        () => f.i32(0),
        () => f.get(C),
        1,
        () => {
          f.get(c);
          f.i32(2);
          f.op(op.i32Shl);
          f.set(c4);
          body(plane, c4);
          f.get(plane);
          f.get(S);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(plane);
        },
      );
    },
  );
}

/** Pushes the f64 sum of the four f32 lanes of local `v`. */
export function laneSum(f: FunctionBuilder, v: number): void {
  for (let l = 0; l < 4; l++) {
    f.get(v);
    f.f32x4ExtractLane(l);
    f.op(op.f64PromoteF32);
    if (l > 0) f.op(op.f64Add);
  }
}

/** Elements summed in f32 lanes before the partial sum is added into the f64 total. */
const CHUNK = 1024;

/**
 * Sums of terms over the S elements at plane byte offset `plane`: for each emitter in `terms`,
 * term(vec, off) pushes one f32x4 (vec) or f32 (scalar) value for the element(s) at byte offset
 * `off` from the plane. The totals are left in the returned f64 locals. Lanes accumulate in f32 for
 * at most CHUNK elements, then flush into float64, so the rounding error stays that of a
 * 256-term f32 sum however large the plane is. Each term sums into 4 / terms.length vectors in turn
 * (vector v into accumulator v mod that count, added pairwise before the flush): one chain of f32 adds took
 * three cycles a vector, its latency, where the loads allow two vectors a cycle.
 */
export function planeSums(f: FunctionBuilder, S: number, terms: readonly ((vec: boolean, off: number) => void)[]): number[] {
  const ways = Math.max(1, Math.floor(4 / terms.length));
  const totals = terms.map(() => f.local(F64));
  const accs = terms.map(() => Array.from({ length: ways }, () => f.local(V128)));
  const start = f.local(I32),
    end = f.local(I32),
    s4 = f.local(I32),
    i = f.local(I32),
    offs = Array.from({ length: ways }, () => f.local(I32));
  const off = offs[0];
  const addTerms = (k: number): void => {
    for (let w = 1; w < k; w++) {
      f.get(off);
      f.i32(16 * w);
      f.op(op.i32Add);
      f.set(offs[w]);
    }
    // Terms in order for each vector: a later term may read a local an earlier one set for the same elements.
    for (let w = 0; w < k; w++)
      terms.forEach((term, t) => {
        f.get(accs[t][w]);
        term(true, offs[w]);
        f.simd(simdOp.f32x4Add);
        f.set(accs[t][w]);
      });
  };
  for (const t of totals) {
    f.op(0x44, 0, 0, 0, 0, 0, 0, 0, 0);
    f.set(t);
  } // f64.const 0
  f.get(S);
  f.i32(-4);
  f.op(op.i32And);
  f.set(s4);
  f.forRange(
    start,
    () => f.i32(0),
    () => f.get(s4),
    CHUNK,
    () => {
      f.get(start);
      f.i32(CHUNK);
      f.op(op.i32Add);
      f.get(s4);
      f.get(start);
      f.i32(CHUNK);
      f.op(op.i32Add);
      f.get(s4);
      f.op(op.i32LtS);
      f.select();
      f.set(end);
      for (const row of accs)
        for (const a of row) {
          f.v128Zero();
          f.set(a);
        }
      f.get(start);
      f.set(i);
      // i + 4·ways ≤ end: one vector into each accumulator; then the chunk's last vectors one by one into the first.
      f.block(() =>
        f.loop(() => {
          f.get(i);
          f.i32(4 * ways);
          f.op(op.i32Add);
          f.get(end);
          f.op(op.i32GtS);
          f.brIf(1);
          f.get(i);
          f.i32(2);
          f.op(op.i32Shl);
          f.set(off);
          addTerms(ways);
          f.get(i);
          f.i32(4 * ways);
          f.op(op.i32Add);
          f.set(i);
          f.br(0);
        }),
      );
      f.forRange(
        i,
        () => f.get(i),
        () => f.get(end),
        4,
        () => {
          f.get(i);
          f.i32(2);
          f.op(op.i32Shl);
          f.set(off);
          addTerms(1);
        },
      );
      totals.forEach((t, k) => {
        // (a0 + a1) + (a2 + a3)
        for (let step = 1; step < ways; step *= 2)
          for (let w = 0; w + step < ways; w += 2 * step) {
            f.get(accs[k][w]);
            f.get(accs[k][w + step]);
            f.simd(simdOp.f32x4Add);
            f.set(accs[k][w]);
          }
        f.get(t);
        laneSum(f, accs[k][0]);
        f.op(op.f64Add);
        f.set(t);
      });
    },
  );
  f.forRange(
    i,
    () => f.get(s4),
    () => f.get(S),
    1,
    () => {
      f.get(i);
      f.i32(2);
      f.op(op.i32Shl);
      f.set(off);
      terms.forEach((term, k) => {
        f.get(totals[k]);
        term(false, off);
        f.op(op.f64PromoteF32);
        f.op(op.f64Add);
        f.set(totals[k]);
      });
    },
  );
  return totals;
}

/** Locals of the types kernels use most, for readability at call sites. */
export const T = { I32, F32, F64, V128 } as const;
export { simdOp };

/**
 * for ty < TH, for tx < TW (tx advancing by txStep): body. The tile loop of every Winograd transform (TH and TW are
 * locals; F(2×2, 3×3) steps tx by the four tiles its lanes hold, F(4×4, 3×3) by one).
 */
export function forTiles(f: FunctionBuilder, ty: number, tx: number, TH: number, TW: number, txStep: number, body: () => void): void {
  f.forRange(
    ty,
    () => f.i32(0),
    () => f.get(TH),
    1,
    () =>
      f.forRange(
        tx,
        () => f.i32(0),
        () => f.get(TW),
        txStep,
        body,
      ),
  );
}
