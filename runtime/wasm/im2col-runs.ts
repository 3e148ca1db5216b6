import { F32, type FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { evenLanes } from "./lane-ops.ts";

/*
 * The inner loop of im2col and col2im (runtime/wasm/im2col-module.ts): one run of output columns j in [j0, j1) of
 * a column-matrix row, whose input pixels are line + j·stride (byte address `line`, already at the row's first
 * pixel xoff). im2col copies them into the row at `rowOut`; col2im adds the row's entries onto them. Stride 1
 * moves four lanes at a time; stride 2 (every downsampling ResNet block) loads eight pixels and keeps the even
 * four, or adds the four entries into the even lanes; anything else goes one pixel at a time.
 */

/** The locals a run reads (function parameters or locals of the emitting function). */
export interface Run {
  readonly gather: boolean;
  readonly line: number;
  readonly rowOut: number;
  readonly j0: number;
  readonly j1: number;
  readonly stride: number;
  /** Image width and the run's first pixel column (may be negative: padding). */
  readonly W: number;
  readonly xoff: number;
}

/** Pushes base + j·4·scale (a byte address). */
function address(f: FunctionBuilder, base: number, j: number, scale: number): void {
  f.get(base);
  f.get(j);
  f.i32(2 + Math.log2(scale));
  f.op(op.i32Shl);
  f.op(op.i32Add);
}

/** Emits the run for any stride. */
export function emitRun(f: FunctionBuilder, run: Run): void {
  const [j, limit] = [f.local(I32), f.local(I32)];
  const [a, b, lanes, negativeZero] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const scalar = f.local(F32);
  f.get(run.j0);
  f.set(j);
  f.get(run.stride);
  f.i32(1);
  f.op(op.i32Eq);
  f.if(
    () => {
      // Four at a time while j + 3 < j1: the run is contiguous.
      f.get(run.j1);
      f.i32(3);
      f.op(op.i32Sub);
      f.set(limit);
      vectorLoop(f, j, limit, () => {
        if (run.gather) {
          address(f, run.rowOut, j, 1);
          address(f, run.line, j, 1);
          f.v128Load();
          f.v128Store();
        } else {
          address(f, run.line, j, 1);
          address(f, run.line, j, 1);
          f.v128Load();
          address(f, run.rowOut, j, 1);
          f.v128Load();
          f.simd(simdOp.f32x4Add);
          f.v128Store();
        }
      });
    },
    () => {
      f.get(run.stride);
      f.i32(2);
      f.op(op.i32Eq);
      f.if(() => {
        // Four at a time while j + 3 < j1 and the eight pixels from xoff + 2j stay in the row:
        // j ≤ ⌊(W − 8 − xoff)/2⌋.
        f.get(run.j1);
        f.i32(3);
        f.op(op.i32Sub);
        f.get(run.W);
        f.i32(8);
        f.op(op.i32Sub);
        f.get(run.xoff);
        f.op(op.i32Sub);
        f.i32(1);
        f.op(op.i32ShrS);
        f.i32(1);
        f.op(op.i32Add);
        f.tee(limit);
        f.get(run.j1);
        f.i32(3);
        f.op(op.i32Sub);
        f.get(limit);
        f.op(op.i32LtS);
        f.select();
        f.set(limit);
        if (!run.gather) {
          // x + (−0) = x for every x, so the odd lanes come back unchanged, −0 included.
          f.f32(-0);
          f.simd(simdOp.f32x4Splat);
          f.set(negativeZero);
        }
        vectorLoop(f, j, limit, () => {
          address(f, run.line, j, 2);
          f.v128Load();
          f.set(a);
          address(f, run.line, j, 2);
          f.v128Load(16);
          f.set(b);
          if (run.gather) {
            address(f, run.rowOut, j, 1);
            evenLanes(f, a, b);
            f.v128Store();
          } else {
            address(f, run.rowOut, j, 1);
            f.v128Load();
            f.set(lanes);
            address(f, run.line, j, 2);
            f.get(a);
            f.get(lanes);
            f.get(negativeZero);
            f.shuffle32([0, 4, 1, 5]);
            f.simd(simdOp.f32x4Add);
            f.v128Store();
            address(f, run.line, j, 2);
            f.get(b);
            f.get(lanes);
            f.get(negativeZero);
            f.shuffle32([2, 6, 3, 7]);
            f.simd(simdOp.f32x4Add);
            f.v128Store(16);
          }
        });
      });
    },
  );
  // The rest one pixel at a time, at line + j·stride.
  f.forRange(
    j,
    () => f.get(j),
    () => f.get(run.j1),
    1,
    () => {
      f.get(run.line);
      f.get(j);
      f.get(run.stride);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      if (run.gather) {
        f.f32Load();
        f.set(scalar);
        address(f, run.rowOut, j, 1);
        f.get(scalar);
        f.f32Store();
      } else {
        f.set(limit); // the pixel's address (the vector limit is no longer needed)
        f.get(limit);
        f.get(limit);
        f.f32Load();
        address(f, run.rowOut, j, 1);
        f.f32Load();
        f.op(op.f32Add);
        f.f32Store();
      }
    },
  );
}

/** while (j < limit) { body; j += 4 } */
function vectorLoop(f: FunctionBuilder, j: number, limit: number, body: () => void): void {
  f.block(() =>
    f.loop(() => {
      f.get(j);
      f.get(limit);
      f.op(op.i32GeS);
      f.brIf(1);
      body();
      f.get(j);
      f.i32(4);
      f.op(op.i32Add);
      f.set(j);
      f.br(0);
    }),
  );
}
