import { F32, FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";
import { at, lanes } from "./emit-loops.ts";
import { reluGradMask } from "./lane-ops.ts";

/*
 * ReLU and its gradient in f32x4 lanes, branch-free: a lane mask (x > 0) ANDed with the value.
 * The TypeScript loops branch on the sign of each element, and on real activations (about half
 * negative) the mispredictions make them several times slower than the memory traffic.
 *   relu(x, y, n):            y = x > 0 ? x : 0   (NaN → 0, as the TypeScript reference)
 *   relu_grad(y, dy, dx, n):  dx = y > 0 ? dy : 0 (dx may alias dy)
 */

function emitRelu(): FunctionBuilder {
  const f = new FunctionBuilder("relu", [I32, I32, I32]);
  const [x, y, n] = [0, 1, 2];
  const zero = f.local(V128),
    v = f.local(V128),
    s = f.local(F32);
  f.v128Zero();
  f.set(zero);
  lanes(f, n, (vec, off) => {
    at(f, y, off);
    if (vec) {
      at(f, x, off);
      f.v128Load();
      f.tee(v);
      f.get(v);
      f.get(zero);
      f.simd(simdOp.f32x4Gt);
      f.simd(simdOp.v128And);
      f.v128Store();
    } else {
      at(f, x, off);
      f.f32Load();
      f.tee(s);
      f.f32(0);
      f.get(s);
      f.f32(0);
      f.op(op.f32Gt);
      f.select();
      f.f32Store();
    }
  });
  return f;
}

function emitReluGrad(): FunctionBuilder {
  const f = new FunctionBuilder("relu_grad", [I32, I32, I32, I32]);
  const [y, dy, dx, n] = [0, 1, 2, 3];
  const zero = f.local(V128);
  f.v128Zero();
  f.set(zero);
  lanes(f, n, (vec, off) => {
    at(f, dx, off);
    at(f, dy, off);
    if (vec) f.v128Load();
    else f.f32Load();
    reluGradMask(f, vec, zero, () => at(f, y, off));
    if (vec) f.v128Store();
    else f.f32Store();
  });
  return f;
}

/** The module's bytes; exports relu and relu_grad. */
export function reluModuleBytes(): Uint8Array {
  return assembleModule([emitRelu(), emitReluGrad()]);
}
