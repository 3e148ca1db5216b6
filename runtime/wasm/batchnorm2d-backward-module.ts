import { at, channelOperands, forPlanes, lanes, planeSums } from "./emit-loops.ts";
import { FunctionBuilder, I32, op, simdOp, V128, type ValType } from "./encode.ts";

/*
 * BatchNorm2d's backward passes (runtime/wasm/batchnorm2d-module.ts lists them): the two sums per plane, then dx.
 * Group and layer norm read the normalised input from the xhat buffer train_apply wrote; batch norm keeps no such
 * copy, and its passes (`_from_x`) recompute xhat = (x − mean)·inv from the layer's input with the f32 operands and
 * the order of train_normalise, so it is the forward pass's xhat to the bit.
 */

/** Where a backward pass finds xhat, and whether dy passes through a fused ReLU first (batch norm only). */
export type GradSource = "xhat" | "x" | "x_relu";

/**
 * Per channel, the operands' splats; per element, compute() sets g and xhat in locals, which gradient() and xhat()
 * push. xhat is loaded from the xhat buffer, or computed as (x − mean)·inv from x. g = dy, or with x_relu (a ReLU
 * after the batch norm) dy where xhat·gamma + beta > 0 and 0 elsewhere: the forward pass's output recomputed from
 * the same f32 operands in the same order (train_normalise_relu), so the mask is the one
 * runtime/wasm/relu-module.ts would take from y. `mean`, `inv`, `gamma` and `beta` are parameters holding byte
 * addresses of f32[C] operands.
 */
function elementOperands(f: FunctionBuilder, source: GradSource, mean: number, inv: number, gamma: number, beta: number) {
  const relu = source === "x_relu";
  const [mv, iv, gv, bv, hv, dv] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [ms, is, gs, bs, hs, ds] = [f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const [pd, px] = [f.local(I32), f.local(I32)];
  const channels: [number, number, number][] = [
    ...(source === "xhat"
      ? []
      : ([
          [mean, mv, ms],
          [inv, iv, is],
        ] as [number, number, number][])),
    ...(relu
      ? ([
          [gamma, gv, gs],
          [beta, bv, bs],
        ] as [number, number, number][])
      : []),
  ];
  return {
    /** Splats channel c's operands and points at plane `plane` of dy and of x (or xhat). */
    perPlane(plane: number, c4: number, dy: number, x: number): void {
      channelOperands(f, c4, channels);
      for (const [base, into] of [
        [dy, pd],
        [x, px],
      ]) {
        f.get(base);
        f.get(plane);
        f.op(op.i32Add);
        f.set(into);
      }
    },
    compute(vec: boolean, off: number): void {
      at(f, px, off);
      if (vec) {
        f.v128Load();
        if (source !== "xhat") {
          f.get(mv);
          f.simd(simdOp.f32x4Sub);
          f.get(iv);
          f.simd(simdOp.f32x4Mul);
        }
        f.set(hv);
        at(f, pd, off);
        f.v128Load();
        if (relu) {
          f.get(hv);
          f.get(gv);
          f.simd(simdOp.f32x4Mul);
          f.get(bv);
          f.simd(simdOp.f32x4Add);
          f.v128Zero();
          f.simd(simdOp.f32x4Gt);
          f.simd(simdOp.v128And);
        }
        f.set(dv);
      } else {
        f.f32Load();
        if (source !== "xhat") {
          f.get(ms);
          f.op(op.f32Sub);
          f.get(is);
          f.op(op.f32Mul);
        }
        f.set(hs);
        at(f, pd, off);
        f.f32Load();
        if (relu) {
          f.f32(0);
          f.get(hs);
          f.get(gs);
          f.op(op.f32Mul);
          f.get(bs);
          f.op(op.f32Add);
          f.f32(0);
          f.op(op.f32Gt);
          f.select();
        }
        f.set(ds);
      }
    },
    gradient(vec: boolean): void {
      f.get(vec ? dv : ds);
    },
    xhat(vec: boolean): void {
      f.get(vec ? hv : hs);
    },
  };
}

const params = (n: number): ValType[] => Array.from({ length: n }, () => I32);

/** The export of a pass for `source`: the name itself with xhat, with _from_x or _from_x_relu appended otherwise. */
export function sourceName(name: string, source: GradSource): string {
  return source === "xhat" ? name : `${name}_from_${source}`;
}

/** Parameters after a pass's own: none with xhat; mean and inv from x; and gamma, beta with a ReLU. */
const extra = (source: GradSource): number => ({ xhat: 0, x: 2, x_relu: 4 })[source];

/** out0 = Σ_p g, out1 = Σ_p g·xhat per plane, g and xhat as elementOperands gives them. */
export function emitGradSums(source: GradSource): FunctionBuilder {
  const f = new FunctionBuilder(sourceName("grad_sums", source), params(7 + extra(source)));
  const [dy, x, B, C, S, out0, out1, mean, inv, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const o = f.local(I32);
  const element = elementOperands(f, source, mean, inv, gamma, beta);
  f.i32(0);
  f.set(o);
  forPlanes(f, B, C, S, (plane, c4) => {
    element.perPlane(plane, c4, dy, x);
    // planeSums emits the terms in order for each element, so the second reuses the first's g and xhat.
    const [s0, s1] = planeSums(f, S, [
      (vec, off) => {
        element.compute(vec, off);
        element.gradient(vec);
      },
      (vec) => {
        element.gradient(vec);
        element.xhat(vec);
        if (vec) f.simd(simdOp.f32x4Mul);
        else f.op(op.f32Mul);
      },
    ]);
    at(f, out0, o);
    f.get(s0);
    f.f64Store();
    at(f, out1, o);
    f.get(s1);
    f.f64Store();
    f.get(o);
    f.i32(8);
    f.op(op.i32Add);
    f.set(o);
  });
  return f;
}

/** dx = k·(g − m0 − xhat·m1), g and xhat as in emitGradSums; dx may alias dy. */
export function emitGradApply(source: GradSource): FunctionBuilder {
  const f = new FunctionBuilder(sourceName("grad_apply", source), params(9 + extra(source)));
  const [dy, x, dx, B, C, S, k, m0, m1, mean, inv, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [kv, av, bv] = [f.local(V128), f.local(V128), f.local(V128)];
  const [ks, as, bs] = [f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const pdx = f.local(I32);
  const element = elementOperands(f, source, mean, inv, gamma, beta);
  forPlanes(f, B, C, S, (plane, c4) => {
    element.perPlane(plane, c4, dy, x);
    channelOperands(f, c4, [
      [k, kv, ks],
      [m0, av, as],
      [m1, bv, bs],
    ]);
    f.get(dx);
    f.get(plane);
    f.op(op.i32Add);
    f.set(pdx);
    lanes(f, S, (vec, off) => {
      element.compute(vec, off);
      at(f, pdx, off);
      f.get(vec ? kv : ks);
      element.gradient(vec);
      f.get(vec ? av : as);
      if (vec) f.simd(simdOp.f32x4Sub);
      else f.op(op.f32Sub);
      element.xhat(vec);
      f.get(vec ? bv : bs);
      if (vec) {
        f.simd(simdOp.f32x4Mul);
        f.simd(simdOp.f32x4Sub);
        f.simd(simdOp.f32x4Mul);
        f.v128Store();
      } else {
        f.op(op.f32Mul);
        f.op(op.f32Sub);
        f.op(op.f32Mul);
        f.f32Store();
      }
    });
  });
  return f;
}
