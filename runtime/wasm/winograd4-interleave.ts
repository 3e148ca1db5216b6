import { advance, bytesOf } from "./emit-address.ts";
import { FunctionBuilder, I32, op, V128 } from "./encode.ts";
import { type LaneLayout, transpose } from "./winograd4-lanes.ts";

/*
 * The four samples of a group in one interleaved plane: float (row, column, lane) at byte 16·(row·width + column)
 * + 4·lane, so the six pixels of a patch row are six aligned f32x4 loads with one sample per lane. The 4×4
 * transposes this needs are done once per four pixels as the plane is filled, not once per patch row of every
 * tile that reads them (each pixel is in up to four 6×6 patches of F(4×4, 3×3)).
 */

/**
 * Fills the interleaved plane at `p.planes` (layout.planeBytes bytes; layout.rowBytes per row of pixels): zeros
 * everywhere, then `rows` rows of `cols` floats of each of the `lanes` samples (`sampleBytes` apart, the first's
 * data at the address `first` pushes), placed `at` bytes into the plane. A lane past `lanes` stays zero.
 */
export function fillInterleaved(
  f: FunctionBuilder,
  layout: LaneLayout,
  p: { planes: number; lanes: number; sampleBytes: number; rows: number; cols: number },
  first: () => void,
  at: () => void,
): void {
  const [l, r, j, j0, src, dst, lane] = Array.from({ length: 7 }, () => f.local(I32));
  const sampleOffset = [0, 1, 2].map(() => f.local(I32));
  const a = Array.from({ length: 4 }, () => f.local(V128));
  const d = Array.from({ length: 4 }, () => f.local(V128));
  const t = Array.from({ length: 4 }, () => f.local(V128));
  f.get(p.planes);
  f.i32(0);
  f.get(layout.planeBytes);
  f.memoryFill();
  sampleOffset.forEach((to, i) => {
    f.get(p.sampleBytes);
    f.i32(i + 1);
    f.op(op.i32Mul);
    f.set(to);
  });
  // Columns from j0 go one float at a time: the last cols mod 4 of a full group, every column of a short one.
  f.get(p.cols);
  f.i32(-4);
  f.op(op.i32And);
  f.i32(0);
  f.get(p.lanes);
  f.i32(4);
  f.op(op.i32Eq);
  f.op(op.i32Sub);
  f.op(op.i32And);
  f.set(j0);
  first();
  f.set(src);
  f.get(p.planes);
  at();
  f.op(op.i32Add);
  f.set(dst);
  f.forRange(
    r,
    () => f.i32(0),
    () => f.get(p.rows),
    1,
    () => {
      f.forRange(
        j,
        () => f.i32(0),
        () => f.get(j0),
        4,
        () => {
          a.forEach((to, L) => {
            f.get(src);
            bytesOf(f, j);
            f.op(op.i32Add);
            if (L > 0) {
              f.get(sampleOffset[L - 1]);
              f.op(op.i32Add);
            }
            f.v128Load(0);
            f.set(to);
          });
          transpose(f, a, d, t);
          d.forEach((v, q) => {
            pixelCell(f, dst, j);
            f.get(v);
            f.v128Store(16 * q);
          });
        },
      );
      f.forRange(
        l,
        () => f.i32(0),
        () => f.get(p.lanes),
        1,
        () => {
          f.get(l);
          f.get(p.sampleBytes);
          f.op(op.i32Mul);
          f.get(src);
          f.op(op.i32Add);
          f.set(lane);
          f.forRange(
            j,
            () => f.get(j0),
            () => f.get(p.cols),
            1,
            () => {
              pixelCell(f, dst, j);
              bytesOf(f, l);
              f.op(op.i32Add);
              f.get(lane);
              bytesOf(f, j);
              f.op(op.i32Add);
              f.f32Load(0);
              f.f32Store(0);
            },
          );
        },
      );
      advance(f, src, () => bytesOf(f, p.cols));
      advance(f, dst, () => f.get(layout.rowBytes));
    },
  );
}

/** Pushes row + 16·j: pixel j's four lanes in an interleaved row. */
function pixelCell(f: FunctionBuilder, row: number, j: number): void {
  f.get(row);
  f.get(j);
  f.i32(4);
  f.op(op.i32Shl);
  f.op(op.i32Add);
}
