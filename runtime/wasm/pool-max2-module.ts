import { F32, FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { evenLanes, oddLanes, selectF32 } from "./lane-ops.ts";

/*
 * The 2×2, stride-2 max pooling forward pass (max2_fwd), four outputs per step in f32x4 lanes: the even and odd
 * columns of two input rows are shuffled into four candidate vectors, taken in scan order. One flat instruction
 * listing: it reads best top to bottom, next to the scalar max_fwd it must agree with (pool-max-module.ts).
 */

export function emitMax2Forward(): FunctionBuilder {
  const f = new FunctionBuilder("max2_fwd", [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, argmax, B, C, H, W, OH, OW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [bc, i, j, planes] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const HW = f.local(I32),
    c = f.local(I32),
    rowA = f.local(I32),
    rowB = f.local(I32),
    idxRow = f.local(I32),
    out = f.local(I32),
    ow4 = f.local(I32);
  const [a0, a1, best, arg, cand, take, lanesIdx] = [
    f.local(V128),
    f.local(V128),
    f.local(V128),
    f.local(V128),
    f.local(V128),
    f.local(V128),
    f.local(V128),
  ];
  const [sb, sv, st] = [f.local(F32), f.local(F32), f.local(I32)];
  const [sarg, sidx, a] = [f.local(I32), f.local(I32), f.local(I32)];
  f.get(H);
  f.get(W);
  f.op(op.i32Mul);
  f.set(HW);
  f.get(B);
  f.get(C);
  f.op(op.i32Mul);
  f.set(planes);
  f.get(OW);
  f.i32(-4);
  f.op(op.i32And);
  f.set(ow4);
  f.i32(0);
  f.set(c);
  f.i32(0);
  f.set(out); // byte offset of the current output in y and argmax
  f.forRange(
    bc,
    () => f.i32(0),
    () => f.get(planes),
    1,
    () => {
      f.forRange(
        i,
        () => f.i32(0),
        () => f.get(OH),
        1,
        () => {
          // idxRow = c·H·W + 2i·W (relative to the sample); rowA/rowB = byte addresses of input rows 2i, 2i + 1
          f.get(c);
          f.get(HW);
          f.op(op.i32Mul);
          f.get(i);
          f.i32(1);
          f.op(op.i32Shl);
          f.get(W);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.set(idxRow);
          f.get(x);
          f.get(bc);
          f.get(HW);
          f.op(op.i32Mul);
          f.get(i);
          f.i32(1);
          f.op(op.i32Shl);
          f.get(W);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(rowA);
          f.get(rowA);
          f.get(W);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(rowB);
          f.forRange(
            j,
            () => f.i32(0),
            () => f.get(ow4),
            4,
            () => {
              /** Takes candidate vector `cand` with indices `lanesIdx` + d where it beats the running best. */
              const consider = (d: () => void): void => {
                f.get(cand);
                f.get(best);
                f.simd(simdOp.f32x4Gt);
                f.get(cand);
                f.get(cand);
                f.simd(simdOp.f32x4Ne);
                f.simd(simdOp.v128Or);
                f.set(take);
                f.get(cand);
                f.get(best);
                f.get(take);
                f.simd(simdOp.v128Bitselect);
                f.set(best);
                f.get(lanesIdx);
                d();
                f.simd(simdOp.i32x4Add);
                f.get(arg);
                f.get(take);
                f.simd(simdOp.v128Bitselect);
                f.set(arg);
              };
              const load = (row: number): void => {
                f.get(row);
                f.get(j);
                f.i32(3);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.v128Load();
                f.set(a0);
                f.get(row);
                f.get(j);
                f.i32(3);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.v128Load(16);
                f.set(a1);
              };
              // lanesIdx = idxRow + 2j + [0, 2, 4, 6]: the top-left input of each of the four windows
              f.get(idxRow);
              f.get(j);
              f.i32(1);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.simd(simdOp.i32x4Splat);
              f.v128I32([0, 2, 4, 6]);
              f.simd(simdOp.i32x4Add);
              f.set(lanesIdx);
              load(rowA);
              evenLanes(f, a0, a1);
              f.set(best);
              f.get(lanesIdx);
              f.set(arg);
              oddLanes(f, a0, a1);
              f.set(cand);
              consider(() => f.v128I32([1, 1, 1, 1]));
              load(rowB);
              evenLanes(f, a0, a1);
              f.set(cand);
              consider(() => {
                f.get(W);
                f.simd(simdOp.i32x4Splat);
              });
              oddLanes(f, a0, a1);
              f.set(cand);
              consider(() => {
                f.get(W);
                f.i32(1);
                f.op(op.i32Add);
                f.simd(simdOp.i32x4Splat);
              });
              f.get(y);
              f.get(out);
              f.op(op.i32Add);
              f.get(best);
              f.v128Store();
              f.get(argmax);
              f.get(out);
              f.op(op.i32Add);
              f.get(arg);
              f.v128Store();
              f.get(out);
              f.i32(16);
              f.op(op.i32Add);
              f.set(out);
            },
          );
          f.forRange(
            j,
            () => f.get(ow4),
            () => f.get(OW),
            1,
            () => {
              f.get(idxRow);
              f.get(j);
              f.i32(1);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.set(sarg);
              f.get(rowA);
              f.get(j);
              f.i32(3);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.f32Load();
              f.set(sb);
              for (const [du, dv] of [
                [0, 1],
                [1, 0],
                [1, 1],
              ]) {
                f.get(idxRow);
                f.get(j);
                f.i32(1);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                if (du) {
                  f.get(W);
                  f.op(op.i32Add);
                }
                if (dv) {
                  f.i32(1);
                  f.op(op.i32Add);
                }
                f.set(sidx);
                f.get(du ? rowB : rowA);
                f.get(j);
                f.i32(3);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.set(a);
                f.get(a);
                f.f32Load(dv ? 4 : 0);
                f.set(sv);
                f.get(sv);
                f.get(sb);
                f.op(op.f32Gt);
                f.get(sv);
                f.get(sv);
                f.op(op.f32Ne);
                f.op(op.i32Or);
                f.set(st);
                selectF32(f, sv, sb, st);
                f.set(sb);
                f.get(sidx);
                f.get(sarg);
                f.get(st);
                f.select();
                f.set(sarg);
              }
              f.get(y);
              f.get(out);
              f.op(op.i32Add);
              f.get(sb);
              f.f32Store();
              f.get(argmax);
              f.get(out);
              f.op(op.i32Add);
              f.get(sarg);
              f.i32Store();
              f.get(out);
              f.i32(4);
              f.op(op.i32Add);
              f.set(out);
            },
          );
        },
      );
      // c = (c + 1) mod C
      f.get(c);
      f.i32(1);
      f.op(op.i32Add);
      f.set(c);
      f.get(c);
      f.get(C);
      f.op(op.i32Eq);
      f.if(() => {
        f.i32(0);
        f.set(c);
      });
    },
  );
  return f;
}
