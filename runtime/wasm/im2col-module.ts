import { imageAddress } from "./emit-address.ts";
import { assembleModule, FunctionBuilder, I32, op } from "./encode.ts";
import { emitColumnRange } from "./im2col-range.ts";
import { emitRun } from "./im2col-runs.ts";
import { emitStride2 } from "./im2col-stride2-module.ts";
import { emitPermute } from "./permute-module.ts";

/*
 * im2col and col2im of one sample (runtime/kernels/conv.ts defines the layout) over f32 buffers.
 * For each column-matrix row (c, u, v) and output row i, the valid output columns are one
 * contiguous range [j0, j1) computed once per (u, v); outside it the row is zero (im2col) or
 * contributes nothing (col2im). The run of input pixels it maps to is moved by im2col-runs.ts, four lanes at a
 * time for strides 1 and 2.
 *   im2col(x, col, C, H, W, OH, OW, k, stride, pad, dil, rowStride)    col[C·k·k, OH·OW] from x[C, H, W]
 *   col2im(col, dx, C, H, W, OH, OW, k, stride, pad, dil, rowStride)   dx[C, H, W] += the entries of col
 * Rows of col are rowStride floats apart (OH·OW for one sample's matrix; n·OH·OW when a batch's
 * matrices sit side by side as column blocks of one [C·k·k, n·OH·OW] matrix).
 *   permute(src, dst, A, B, P, bias, relu)   the axis swap of permute-module.ts
 *   im2colStride2, col2imStride2             the same for stride 2 through the two column phases (im2col-stride2-module.ts)
 *   zero(dst, bytes)                          bytes zero bytes at dst: an image col2im is to scatter into, on the thread
 *                                            that scatters, right before (its lines are then in that core's cache)
 */

function emit(name: "im2col" | "col2im"): FunctionBuilder {
  const f = new FunctionBuilder(name, [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, dst, C, H, W, OH, OW, k, stride, pad, dil, rowStride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const gather = name === "im2col";
  const x = gather ? src : dst; // the image
  const col = gather ? dst : src; // the column matrix
  const [c, u, v, i, j] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const rowOut = f.local(I32),
    xoff = f.local(I32),
    yy = f.local(I32),
    j0 = f.local(I32),
    j1 = f.local(I32),
    t = f.local(I32);
  const line = f.local(I32),
    colRow = f.local(I32),
    P4 = f.local(I32);
  f.get(rowStride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(P4);
  f.get(col);
  f.set(colRow);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      f.forRange(
        u,
        () => f.i32(0),
        () => f.get(k),
        1,
        () => {
          f.forRange(
            v,
            () => f.i32(0),
            () => f.get(k),
            1,
            () => {
              emitColumnRange(f, { v, dil, pad, stride, W, OW }, { xoff, j0, j1, t });
              f.get(colRow);
              f.set(rowOut);
              f.forRange(
                i,
                () => f.i32(0),
                () => f.get(OH),
                1,
                () => {
                  f.get(i);
                  f.get(stride);
                  f.op(op.i32Mul);
                  f.get(pad);
                  f.op(op.i32Sub);
                  f.get(u);
                  f.get(dil);
                  f.op(op.i32Mul);
                  f.op(op.i32Add);
                  f.set(yy);
                  // yy outside [0, H): (unsigned) yy ≥ H
                  f.get(yy);
                  f.get(H);
                  f.op(op.i32GeU);
                  f.if(
                    () => {
                      if (gather) {
                        f.get(rowOut);
                        f.i32(0);
                        f.get(OW);
                        f.i32(2);
                        f.op(op.i32Shl);
                        f.memoryFill();
                      }
                    },
                    () => {
                      imageAddress(f, x, c, H, yy, W, xoff);
                      f.set(line);
                      if (gather) {
                        // Zeros left of j0 and right of j1: at most a padding's width each.
                        f.forRange(
                          j,
                          () => f.i32(0),
                          () => f.get(j0),
                          1,
                          () => {
                            f.get(rowOut);
                            f.get(j);
                            f.i32(2);
                            f.op(op.i32Shl);
                            f.op(op.i32Add);
                            f.f32(0);
                            f.f32Store();
                          },
                        );
                        f.forRange(
                          j,
                          () => f.get(j1),
                          () => f.get(OW),
                          1,
                          () => {
                            f.get(rowOut);
                            f.get(j);
                            f.i32(2);
                            f.op(op.i32Shl);
                            f.op(op.i32Add);
                            f.f32(0);
                            f.f32Store();
                          },
                        );
                      }
                      emitRun(f, { gather, line, rowOut, j0, j1, stride, W, xoff });
                    },
                  );
                  f.get(rowOut);
                  f.get(OW);
                  f.i32(2);
                  f.op(op.i32Shl);
                  f.op(op.i32Add);
                  f.set(rowOut);
                },
              );
              f.get(colRow);
              f.get(P4);
              f.op(op.i32Add);
              f.set(colRow);
            },
          );
        },
      );
    },
  );
  return f;
}

function emitZero(): FunctionBuilder {
  const f = new FunctionBuilder("zero", [I32, I32]);
  f.get(0);
  f.i32(0);
  f.get(1);
  f.memoryFill();
  return f;
}

/** The module's bytes; exports im2col, col2im, permute, im2colStride2, col2imStride2 and zero. */
export function im2colModuleBytes(): Uint8Array {
  return assembleModule([
    emit("im2col"),
    emit("col2im"),
    emitPermute(),
    emitStride2("im2colStride2"),
    emitStride2("col2imStride2"),
    emitZero(),
  ]);
}
