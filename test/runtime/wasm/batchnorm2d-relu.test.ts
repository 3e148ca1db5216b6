import { afterEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { reluBackward, reluForward } from "../../../runtime/dispatch/activations.ts";
import { batchNorm2dBackward, batchNorm2dForwardTrain } from "../../../runtime/dispatch/batchnorm2d.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";
import { firstDifference } from "./first-difference.ts";

/*
 * Batch norm + ReLU fused (runtime/wasm/batchnorm2d.ts): the forward pass applies the ReLU as it writes y, and
 * the backward passes recompute the ReLU's mask from xhat, γ and β instead of a separate pass over y and dy.
 * A training step must not notice: every output is compared, bytes for bytes, with batch norm followed by the
 * separate ReLU passes, for planes whose size is a multiple of 4 and for ones with a scalar tail, with and
 * without γ and β, with dx in its own buffer and in dy's, on 1, 2 and 3 threads.
 */

const threadsBefore = gemmThreads();
afterEach(() => {
  setGemmThreads(threadsBefore);
});

interface Case {
  B: number;
  C: number;
  S: number;
  affine: boolean;
  dxInDy: boolean;
}

function run(c: Case, fused: boolean, threads: number): Record<string, Float32Array> {
  setGemmThreads(threads);
  const { B, C, S } = c;
  const size = B * C * S;
  const arena = new Arena(0);
  const [x, y, dy] = [0, 0, 0].map(() => arena.floats("f32", size) as Float32Array);
  const dx = c.dxInDy ? dy : (arena.floats("f32", size) as Float32Array);
  x.set(randomArray(size, 31, 1, 4));
  dy.set(randomArray(size, 32));
  // γ of both signs and β around 0, so that the ReLU clips part of every channel.
  const gamma = c.affine ? Float32Array.from(randomArray(C, 33, -1.5, 1.5)) : null;
  const beta = c.affine ? Float32Array.from(randomArray(C, 34, -0.5, 0.5)) : null;
  const [rm, rv, mean, inv, dg, db] = [0, 0, 0, 0, 0, 0].map(() => new Float32Array(C));
  rv.fill(1);
  batchNorm2dForwardTrain(B, C, S, x, 0, y, 0, gamma, 0, beta, 0, rm, 0, rv, 0, 0.1, 1e-5, mean, 0, inv, 0, fused);
  if (!fused) reluForward(y, 0, y, 0, size);
  const out = { y: Float32Array.from(y) };
  if (!fused) reluBackward(y, 0, dy, 0, dy, 0, size);
  const dGamma = gamma === null ? null : dg,
    dBeta = beta === null ? null : db;
  batchNorm2dBackward(B, C, S, dy, 0, x, 0, mean, 0, inv, 0, gamma, 0, beta, 0, dx, 0, dGamma, 0, dBeta, 0, false, fused ? y : null, 0);
  return { ...out, dx: Float32Array.from(dx), rm, rv, mean, inv, dg, db };
}

const cases: Case[] = [
  // 9 samples of [32, 28, 28]: large enough to be split across threads, and 9 does not divide evenly.
  { B: 9, C: 32, S: 784, affine: true, dxInDy: false },
  { B: 9, C: 32, S: 784, affine: true, dxInDy: true },
  // 7×7 planes: 12 vectors and a scalar tail of 1 in every plane.
  { B: 5, C: 6, S: 49, affine: true, dxInDy: false },
  { B: 4, C: 3, S: 6, affine: false, dxInDy: true },
];

describe.skipIf(!simdEnabled)("batch norm + ReLU fused in the SIMD passes", () => {
  for (const c of cases) {
    it(`gives the bytes of batch norm then ReLU: [${c.B}, ${c.C}, ${c.S}]${c.affine ? "" : " without γ, β"}${c.dxInDy ? ", dx in dy" : ""}`, () => {
      const separate = run(c, false, 1);
      const clipped = separate.y.filter((v) => v === 0).length;
      expect(clipped > 0 && clipped < separate.y.length, "the ReLU clipped some outputs and kept others").toBe(true);
      for (const threads of [1, 2, 3]) {
        const fused = run(c, true, threads);
        for (const [name, values] of Object.entries(separate))
          expect(firstDifference(fused[name], values), `${name}, ${threads} threads`).toBe(-1);
      }
    });
  }
});
