import { F32, FunctionBuilder, I32, op } from "./encode.ts";
import { selectF32 } from "./lane-ops.ts";

/*
 * Max pooling over any k×k window and stride (runtime/wasm/pool-module.ts describes the exports), and its
 * backward pass, which routes each output gradient to its window's winner.
 */

export function emitMaxForward(): FunctionBuilder {
  const f = new FunctionBuilder("max_fwd", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, argmax, B, C, H, W, OH, OW, k, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [b, c, i, j, u, v] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const xs = f.local(I32),
    plane = f.local(I32),
    row = f.local(I32),
    idx = f.local(I32),
    o = f.local(I32),
    win = f.local(I32);
  const best = f.local(F32),
    val = f.local(F32),
    arg = f.local(I32),
    take = f.local(I32);
  f.i32(0);
  f.set(o);
  f.forRange(
    b,
    () => f.i32(0),
    () => f.get(B),
    1,
    () => {
      // xs = x + b·C·H·W·4
      f.get(x);
      f.get(b);
      f.get(C);
      f.op(op.i32Mul);
      f.get(H);
      f.op(op.i32Mul);
      f.get(W);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(xs);
      f.forRange(
        c,
        () => f.i32(0),
        () => f.get(C),
        1,
        () => {
          f.get(c);
          f.get(H);
          f.op(op.i32Mul);
          f.get(W);
          f.op(op.i32Mul);
          f.set(plane);
          f.forRange(
            i,
            () => f.i32(0),
            () => f.get(OH),
            1,
            () => {
              f.forRange(
                j,
                () => f.i32(0),
                () => f.get(OW),
                1,
                () => {
                  // win = plane + i·stride·W + j·stride, the window's top-left element
                  f.get(plane);
                  f.get(i);
                  f.get(stride);
                  f.op(op.i32Mul);
                  f.get(W);
                  f.op(op.i32Mul);
                  f.op(op.i32Add);
                  f.get(j);
                  f.get(stride);
                  f.op(op.i32Mul);
                  f.op(op.i32Add);
                  f.set(win);
                  f.get(xs);
                  f.get(win);
                  f.i32(2);
                  f.op(op.i32Shl);
                  f.op(op.i32Add);
                  f.f32Load();
                  f.set(best);
                  f.get(win);
                  f.set(arg);
                  /** Candidate idx (set by the caller) replaces the running best when val > best or val is NaN. */
                  const consider = (): void => {
                    f.get(xs);
                    f.get(idx);
                    f.i32(2);
                    f.op(op.i32Shl);
                    f.op(op.i32Add);
                    f.f32Load();
                    f.set(val);
                    f.get(val);
                    f.get(best);
                    f.op(op.f32Gt);
                    f.get(val);
                    f.get(val);
                    f.op(op.f32Ne);
                    f.op(op.i32Or);
                    f.set(take);
                    selectF32(f, val, best, take);
                    f.set(best);
                    f.get(idx);
                    f.get(arg);
                    f.get(take);
                    f.select();
                    f.set(arg);
                  };
                  f.get(k);
                  f.i32(2);
                  f.op(op.i32Eq);
                  f.if(
                    () => {
                      // 2×2, the common window, unrolled: the other three candidates in scan order.
                      for (const [du, dv] of [
                        [0, 1],
                        [1, 0],
                        [1, 1],
                      ]) {
                        f.get(win);
                        if (du) {
                          f.get(W);
                          f.op(op.i32Add);
                        }
                        if (dv) {
                          f.i32(1);
                          f.op(op.i32Add);
                        }
                        f.set(idx);
                        consider();
                      }
                    },
                    () => {
                      f.forRange(
                        u,
                        () => f.i32(0),
                        () => f.get(k),
                        1,
                        () => {
                          f.get(win);
                          f.get(u);
                          f.get(W);
                          f.op(op.i32Mul);
                          f.op(op.i32Add);
                          f.set(row);
                          f.forRange(
                            v,
                            () => f.i32(0),
                            () => f.get(k),
                            1,
                            () => {
                              f.get(row);
                              f.get(v);
                              f.op(op.i32Add);
                              f.set(idx);
                              consider();
                            },
                          );
                        },
                      );
                    },
                  );
                  f.get(y);
                  f.get(o);
                  f.op(op.i32Add);
                  f.get(best);
                  f.f32Store();
                  f.get(argmax);
                  f.get(o);
                  f.op(op.i32Add);
                  f.get(arg);
                  f.i32Store();
                  f.get(o);
                  f.i32(4);
                  f.op(op.i32Add);
                  f.set(o);
                },
              );
            },
          );
        },
      );
    },
  );
  return f;
}

export function emitMaxBackward(): FunctionBuilder {
  const f = new FunctionBuilder("max_bwd", [I32, I32, I32, I32, I32, I32]);
  const [dy, argmax, dx, B, inSize, outSize] = [0, 1, 2, 3, 4, 5];
  const b = f.local(I32),
    o = f.local(I32),
    xs = f.local(I32),
    os = f.local(I32),
    addr = f.local(I32);
  f.get(dx);
  f.i32(0);
  f.get(B);
  f.get(inSize);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.memoryFill();
  f.forRange(
    b,
    () => f.i32(0),
    () => f.get(B),
    1,
    () => {
      f.get(dx);
      f.get(b);
      f.get(inSize);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(xs);
      f.get(b);
      f.get(outSize);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.set(os);
      f.forRange(
        o,
        () => f.get(os),
        () => {
          f.get(os);
          f.get(outSize);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
        },
        4,
        () => {
          f.get(xs);
          f.get(argmax);
          f.get(o);
          f.op(op.i32Add);
          f.i32Load();
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(addr);
          f.get(addr);
          f.get(addr);
          f.f32Load();
          f.get(dy);
          f.get(o);
          f.op(op.i32Add);
          f.f32Load();
          f.op(op.f32Add);
          f.f32Store();
        },
      );
    },
  );
  return f;
}
