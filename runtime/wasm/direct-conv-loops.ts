import { FunctionBuilder, I32, op, simdOp } from "./encode.ts";

/* The loops and address arithmetic the few-taps direct convolution's kernels share (direct-conv-module.ts). */

export interface DirectConvShape {
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly k: number;
  readonly pad: number;
}

/** The most taps (C·k·k) a module keeps in registers: 9 taps, an accumulator and the operands fit x64's 16. */
export const MAX_TAPS = 9;

export function dimensions(s: DirectConvShape) {
  const Hp = s.H + 2 * s.pad,
    Wp = s.W + 2 * s.pad;
  const OH = Hp - s.k + 1,
    OW = Wp - s.k + 1;
  /** Byte offset of each tap (c, di, dj) from the padded-plane address of an output pixel. */
  const taps: number[] = [];
  for (let c = 0; c < s.C; c++) for (let di = 0; di < s.k; di++) for (let dj = 0; dj < s.k; dj++) taps.push(4 * ((c * Hp + di) * Wp + dj));
  return { Hp, Wp, OH, OW, taps };
}

/** Pushes acc + a·b: one fused multiply-add with relaxed SIMD, else a multiply and an add. */
export function madd(f: FunctionBuilder, fused: boolean, a: () => void, b: () => void, acc: number): void {
  if (fused) {
    a();
    b();
    f.get(acc);
    f.simd(simdOp.f32x4RelaxedMadd);
  } else {
    f.get(acc);
    a();
    b();
    f.simd(simdOp.f32x4Mul);
    f.simd(simdOp.f32x4Add);
  }
}

/** Zeroes xp, then per sample copies its planes from `xs` into xp's interior (the border stays zero) and runs body. */
export function forPaddedSamples(
  f: FunctionBuilder,
  s: DirectConvShape,
  x: number,
  xp: number,
  n: number,
  body: () => void,
  next: () => void,
): void {
  const { Hp, Wp } = dimensions(s);
  const [sample, row, src, dst] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  f.get(xp);
  f.i32(0);
  f.i32(4 * s.C * Hp * Wp);
  f.memoryFill();
  f.get(x);
  f.set(src);
  f.forRange(
    sample,
    () => f.i32(0),
    () => f.get(n),
    1,
    () => {
      for (let c = 0; c < s.C; c++) {
        f.get(xp);
        f.i32(4 * ((c * Hp + s.pad) * Wp + s.pad));
        f.op(op.i32Add);
        f.set(dst);
        f.forRange(
          row,
          () => f.i32(0),
          () => f.i32(s.H),
          1,
          () => {
            f.get(dst);
            f.get(src);
            f.i32(4 * s.W);
            f.memoryCopy();
            for (const [v, bytes] of [
              [dst, 4 * Wp],
              [src, 4 * s.W],
            ]) {
              f.get(v);
              f.i32(bytes);
              f.op(op.i32Add);
              f.set(v);
            }
          },
        );
      }
      body();
      next();
    },
  );
}

/**
 * For each output row i and block of four output columns j0 (the last block at OW − 4 when OW is not a multiple
 * of 4, flagged `overlapping`): body(rowAt, j0) with `rowAt` the local byte address of xp at (i, j0) and j0 in
 * local `j0`; the tap of offset t is at rowAt + t.
 */
export function forBlocks(
  f: FunctionBuilder,
  OH: number,
  OW: number,
  Wp: number,
  xp: number,
  body: (at: number, i: number, j0: number, overlapping: boolean) => void,
): void {
  const [i, jb, j0, at] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const setAt = (): void => pixelAddress(f, xp, i, j0, Wp, at);
  f.forRange(
    i,
    () => f.i32(0),
    () => f.i32(OH),
    1,
    () => {
      f.forRange(
        jb,
        () => f.i32(0),
        () => f.i32(OW >> 2),
        1,
        () => {
          f.get(jb);
          f.i32(2);
          f.op(op.i32Shl);
          f.set(j0);
          setAt();
          body(at, i, j0, false);
        },
      );
      if (OW % 4 !== 0) {
        f.i32(OW - 4);
        f.set(j0);
        setAt();
        body(at, i, j0, true);
      }
    },
  );
}

/** Sets local `into` to base + 4·(i·rowWidth + j0): pixel (i, j0) of a plane with rows of rowWidth floats. */
export function pixelAddress(f: FunctionBuilder, base: number, i: number, j0: number, rowWidth: number, into: number): void {
  f.get(base);
  f.get(i);
  f.i32(4 * rowWidth);
  f.op(op.i32Mul);
  f.op(op.i32Add);
  f.get(j0);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
  f.set(into);
}
