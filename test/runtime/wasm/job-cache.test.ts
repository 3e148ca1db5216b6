import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads, stopHelpers } from "../../../runtime/wasm/threads.ts";
import { setWinogradMode, setWinogradTiles, winogradMode, winogradTiles } from "../../../runtime/wasm/winograd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * A batched convolution builds its threads' programs once per layer and pass and reuses them (jobFor in
 * runtime/wasm/conv-threads.ts). A training run calls a layer again after other layers have grown the Arena's
 * scratch and, in a later run in the same process, after the helper threads were stopped and started afresh; the
 * reused programs must still compute what they computed the first time, into the same buffers.
 */

interface Layer {
  readonly n: number;
  readonly g: ConvGeometry;
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly dy: Float32Array;
  readonly y: Float32Array;
  readonly dx: Float32Array;
  readonly dw: Float32Array;
}

function geometry(C: number, H: number, O: number, stride: number): ConvGeometry {
  const OH = Math.floor((H + 2 - 3) / stride) + 1;
  return { C, H, W: H, O, OH, OW: OH, k: 3, stride, pad: 1, dil: 1, groups: 1 };
}

function layer(arena: Arena, n: number, g: ConvGeometry, seed: number): Layer {
  const floats = (len: number, s: number) => {
    const a = arena.floats("f32", len) as Float32Array;
    a.set(randomArray(len, s));
    return a;
  };
  const inSize = n * g.C * g.H * g.W,
    outSize = n * g.O * g.OH * g.OW;
  return {
    n,
    g,
    x: floats(inSize, seed),
    w: floats(g.O * g.C * 9, seed + 1),
    dy: floats(outSize, seed + 2),
    y: arena.floats("f32", outSize) as Float32Array,
    dx: arena.floats("f32", inSize) as Float32Array,
    dw: arena.floats("f32", g.O * g.C * 9) as Float32Array,
  };
}

/** Forward and backward from zeroed outputs; copies of y, dx and dw. */
function pass(l: Layer): Float32Array[] {
  for (const a of [l.y, l.dx, l.dw]) a.fill(0);
  conv2dForward(l.n, l.g, l.x, 0, l.w, 0, null, 0, l.y, 0, false);
  conv2dBackward(l.n, l.g, l.x, 0, l.w, 0, l.dy, 0, l.dw, 0, null, 0, l.dx, 0);
  return [l.y, l.dx, l.dw].map((a) => a.slice());
}

describe.skipIf(!simdEnabled)("a convolution's reused thread programs", () => {
  let threads = 1;
  let mode = winogradMode();
  let tiles = winogradTiles();
  beforeEach(() => {
    threads = gemmThreads();
    mode = winogradMode();
    tiles = winogradTiles();
    setGemmThreads(2);
    setWinogradMode("on");
  });
  afterEach(() => {
    setGemmThreads(threads);
    setWinogradMode(mode);
    setWinogradTiles(tiles);
  });

  // Each layer has work enough for two threads. The larger Winograd layer grows the planes but not the transformed
  // filters' buffer (whose address is part of the forward pass's key); the larger strided one grows the columns and
  // the helpers' weight-gradient buffers.
  for (const [name, tile, small, large] of [
    ["Winograd F(4×4, 3×3)", 4, geometry(8, 14, 16, 1), geometry(8, 28, 16, 1)],
    ["Winograd F(2×2, 3×3)", 2, geometry(8, 14, 16, 1), geometry(8, 28, 16, 1)],
    ["im2col + GEMM, stride 2", 4, geometry(4, 28, 64, 2), geometry(64, 28, 64, 2)],
  ] as const) {
    it(`${name}: the same outputs and gradients after a larger layer and a restart of the helper threads`, () => {
      setWinogradTiles({ forward: tile, gradients: tile });
      const arena = new Arena(0);
      const first = layer(arena, 20, small, 11);
      const before = pass(first);
      expect(before[0].some((v) => v !== 0)).toBe(true);
      pass(layer(arena, 20, large, 23));
      stopHelpers();
      const again = pass(first);
      for (const [i, what] of ["output", "input gradient", "weight gradient"].entries())
        expect(Array.from(again[i]), what).toEqual(Array.from(before[i]));
    });
  }
});
