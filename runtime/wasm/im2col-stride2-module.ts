import { advance, bytesOf, imageAddress } from "./emit-address.ts";
import { FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";

/*
 * im2col and col2im of one sample for stride 2 without dilation (every downsampling block of a ResNet), through
 * the sample's channel split into its two column phases. im2col-module.ts's loops work row by row of the column
 * matrix, which costs a range computation, zero fills and a scalar rest for every row of OW = 14 or 7 floats; here
 * the channel's even and odd columns are copied once into two planes with zero borders, and every column-matrix row
 * is then a plain copy of OW floats from one of them, with no test. Output column j of kernel column v reads pixel
 * 2j + v − pad, which is entry j + ((v − pad) >> 1) + L of phase (v − pad) & 1 (L = ⌈pad / 2⌉ zeros on the left);
 * output row i of kernel row u reads plane row 2i + u (pad rows of zeros on top).
 *
 *   im2colStride2(x, col, C, H, W, OH, OW, k, pad, rowStride, planes, Wp, L, rows)
 *   col2imStride2(col, dx, C, H, W, OH, OW, k, pad, rowStride, planes, Wp, L, rows)
 * as im2col and col2im of im2col-module.ts, for stride 2, dilation 1 and OW ≥ 4. `planes` is scratch for two planes of
 * `rows` rows of Wp floats (im2col-calls.ts sizes them). A row of OW floats moves in fours, the last four at OW − 4
 * overlapping the one before. col2im sums each channel's entries in the planes in im2col-module.ts's order and then
 * adds each pixel's sum to dx, so when dx starts at zero (as the batched backward pass has it) the bits are col2im's.
 */

const PARAMS = 14;

export function emitStride2(name: "im2colStride2" | "col2imStride2"): FunctionBuilder {
  const f = new FunctionBuilder(name, Array<typeof I32>(PARAMS).fill(I32));
  const [src, dst, C, H, W, OH, OW, k, pad, rowStride, planes, Wp, L, rows] = Array.from({ length: PARAMS }, (_, i) => i);
  const gather = name === "im2colStride2";
  const [x, col] = gather ? [src, dst] : [dst, src];
  const [c, u, v, i, j, yy, xx, rel] = Array.from({ length: 8 }, () => f.local(I32));
  const [line, plane, cell, colRow, rowBytes, planeBytes, tail] = Array.from({ length: 7 }, () => f.local(I32));
  const [a, b, last] = [f.local(V128), f.local(V128), f.local(V128)];
  const set = (local: number, value: () => void) => {
    value();
    f.set(local);
  };
  const offset = (base: number, at: number) => (f.get(base), f.get(at), f.op(op.i32Add));

  set(rowBytes, () => bytesOf(f, Wp));
  set(planeBytes, () => (f.get(rows), f.get(rowBytes), f.op(op.i32Mul)));
  // Bytes to the last four floats of an output row.
  set(tail, () => (f.get(OW), f.i32(4), f.op(op.i32Sub), f.i32(2), f.op(op.i32Shl)));
  const clearPlanes = () => (f.get(planes), f.i32(0), f.get(planeBytes), f.i32(1), f.op(op.i32Shl), f.memoryFill());
  // Once for im2col: the borders stay zero, every channel writes the same entries.
  if (gather) clearPlanes();
  set(colRow, () => f.get(col));
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      if (gather) eachImageRow(deinterleave);
      else clearPlanes();
      f.forRange(
        u,
        () => f.i32(0),
        () => f.get(k),
        1,
        () =>
          f.forRange(
            v,
            () => f.i32(0),
            () => f.get(k),
            1,
            () => {
              // plane = row u, entry ((v − pad) >> 1) + L of phase (v − pad) & 1.
              set(rel, () => (f.get(v), f.get(pad), f.op(op.i32Sub)));
              set(plane, () => {
                f.get(planes);
                f.get(rel);
                f.i32(1);
                f.op(op.i32And);
                f.get(planeBytes);
                f.op(op.i32Mul);
                f.op(op.i32Add);
                f.get(u);
                f.get(rowBytes);
                f.op(op.i32Mul);
                f.op(op.i32Add);
                f.get(rel);
                f.i32(1);
                f.op(op.i32ShrS);
                f.get(L);
                f.op(op.i32Add);
                f.i32(2);
                f.op(op.i32Shl);
                f.op(op.i32Add);
              });
              set(cell, () => f.get(colRow));
              f.forRange(
                i,
                () => f.i32(0),
                () => f.get(OH),
                1,
                () => {
                  // col2im sums the last four first, from the plane as it is, and stores them after the others:
                  // the lanes both write get the same sum, and no load waits on an overlapping store.
                  if (!gather) sumOfFour(tail, last);
                  f.forRange(
                    j,
                    () => f.i32(0),
                    () => f.get(tail),
                    16,
                    () => moveFour(j),
                  );
                  if (gather) moveFour(tail);
                  else (offset(plane, tail), f.get(last), f.v128Store());
                  advance(f, plane, () => (f.get(rowBytes), f.i32(1), f.op(op.i32Shl)));
                  advance(f, cell, () => bytesOf(f, OW));
                },
              );
              advance(f, colRow, () => bytesOf(f, rowStride));
            },
          ),
      );
      if (!gather) eachImageRow(interleave);
    },
  );
  return f;

  /** Sets the f32x4 local `to` to the plane's four floats at byte offset `at` of the current row plus the column's. */
  function sumOfFour(at: number, to: number): void {
    offset(plane, at);
    f.v128Load();
    offset(cell, at);
    f.v128Load();
    f.simd(simdOp.f32x4Add);
    f.set(to);
  }

  /** Four floats at byte offset `at` of the current row: copied from the plane (im2col) or added to it (col2im). */
  function moveFour(at: number): void {
    if (gather) {
      offset(cell, at);
      offset(plane, at);
      f.v128Load();
      f.v128Store();
      return;
    }
    sumOfFour(at, a);
    offset(plane, at);
    f.get(a);
    f.v128Store();
  }

  /** For each image row yy of channel c: line = its first pixel, plane = its even phase's entry L. */
  function eachImageRow(body: () => void): void {
    f.forRange(
      yy,
      () => f.i32(0),
      () => f.get(H),
      1,
      () => {
        set(line, () => imageAddress(f, x, c, H, yy, W, null));
        set(plane, () => {
          f.get(planes);
          f.get(yy);
          f.get(pad);
          f.op(op.i32Add);
          f.get(rowBytes);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          bytesOf(f, L);
          f.op(op.i32Add);
        });
        body();
      },
    );
  }

  /** Pixels 8q … 8q + 7 of the line at byte offset 4·xx, their phases' entries at 2·xx; then the rest one at a time. */
  function eachEight(vector: () => void, scalar: () => void): void {
    f.forRange(
      xx,
      () => f.i32(0),
      () => (f.get(W), f.i32(7), f.op(op.i32Sub)),
      8,
      vector,
    );
    f.forRange(
      xx,
      () => f.get(xx),
      () => f.get(W),
      1,
      scalar,
    );
  }

  function pixel(): void {
    f.get(line);
    bytesOf(f, xx);
    f.op(op.i32Add);
  }

  /** The address of pixel xx's entry: phase xx & 1, entry xx >> 1. */
  function entry(): void {
    f.get(plane);
    f.get(xx);
    f.i32(1);
    f.op(op.i32And);
    f.get(planeBytes);
    f.op(op.i32Mul);
    f.op(op.i32Add);
    f.get(xx);
    f.i32(1);
    f.op(op.i32ShrS);
    f.i32(2);
    f.op(op.i32Shl);
    f.op(op.i32Add);
  }

  function phaseEntries(phase: 0 | 1): void {
    f.get(plane);
    if (phase === 1) {
      f.get(planeBytes);
      f.op(op.i32Add);
    }
    f.get(xx);
    f.i32(1);
    f.op(op.i32Shl);
    f.op(op.i32Add);
  }

  /** The image row's even pixels into phase 0, its odd ones into phase 1. */
  function deinterleave(): void {
    eachEight(
      () => {
        pixel();
        f.v128Load();
        f.set(a);
        pixel();
        f.v128Load(16);
        f.set(b);
        for (const phase of [0, 1] as const) {
          phaseEntries(phase);
          f.get(a);
          f.get(b);
          f.shuffle32(phase === 0 ? [0, 2, 4, 6] : [1, 3, 5, 7]);
          f.v128Store();
        }
      },
      () => {
        entry();
        pixel();
        f.f32Load();
        f.f32Store();
      },
    );
  }

  /** dx's image row += the sums in the two phases, interleaved back. */
  function interleave(): void {
    eachEight(
      () => {
        phaseEntries(0);
        f.v128Load();
        f.set(a);
        phaseEntries(1);
        f.v128Load();
        f.set(b);
        for (const half of [0, 1]) {
          pixel();
          pixel();
          f.v128Load(16 * half);
          f.get(a);
          f.get(b);
          f.shuffle32(half === 0 ? [0, 4, 1, 5] : [2, 6, 3, 7]);
          f.simd(simdOp.f32x4Add);
          f.v128Store(16 * half);
        }
      },
      () => {
        pixel();
        pixel();
        f.f32Load();
        entry();
        f.f32Load();
        f.op(op.f32Add);
        f.f32Store();
      },
    );
  }
}
