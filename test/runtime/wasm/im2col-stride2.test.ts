import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { columnsCaller, exportIndex, phasePlaneFloats } from "../../../runtime/wasm/im2col-calls.ts";
import { im2colModuleBytes } from "../../../runtime/wasm/im2col-module.ts";
import { kernelsFor } from "../../../runtime/wasm/instances.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * Stride 2 gathers and scatters a sample's columns through two phase planes (im2col-stride2-module.ts) instead of
 * im2col-module.ts's row-by-row loops. Both are data movement and, for col2im into a zeroed image, the same sums in
 * the same order, so they must agree bit for bit: on row widths that end in a partial four (OW mod 4 = 1, 2, 3),
 * paddings 0–2 with 2×2, 3×3 and 5×5 kernels, odd and even images, and columns that sit as one sample's block of a
 * wider column matrix. Scratch left dirty by a bigger layer must not leak into the result either.
 */

function geometry(C: number, H: number, W: number, k: number, pad: number): ConvGeometry {
  const side = (s: number) => Math.floor((s + 2 * pad - k) / 2) + 1;
  return { C, H, W, O: 1, OH: side(H), OW: side(W), k, stride: 2, pad, dil: 1, groups: 1 };
}

const cases: [string, ConvGeometry][] = [
  ["3×3 pad 1 on 28×28 (ResNet's first downsampling conv)", geometry(3, 28, 28, 3, 1)],
  ["3×3 pad 1 on 14×14 (OW = 7)", geometry(4, 14, 14, 3, 1)],
  ["3×3 pad 0 on odd 29×29", geometry(2, 29, 29, 3, 0)],
  ["3×3 pad 1 on odd 15×13 (OW = 7)", geometry(3, 15, 13, 3, 1)],
  ["5×5 pad 2 on 17×17", geometry(2, 17, 17, 5, 2)],
  ["3×3 pad 2 on 9×9 (OW = 6)", geometry(2, 9, 9, 3, 2)],
  ["2×2 pad 0 on 10×10 (OW = 5)", geometry(3, 10, 10, 2, 0)],
  ["2×2 pad 1 on 7×7 (OW = 4, a border row and column of zeros)", geometry(2, 7, 7, 2, 1)],
  ["3×3 pad 2 on 4×12 (OH = 3: more padding rows than image rows below)", geometry(2, 4, 12, 3, 2)],
];

describe.skipIf(!simdEnabled)("stride 2's phase-plane im2col and col2im", () => {
  it.each(cases)("%s: the same bits as the row-by-row functions", (_, g) => {
    const arena = new Arena(0);
    const kernels = kernelsFor(arena, im2colModuleBytes) as Record<string, (...args: number[]) => void>;
    const samples = 3,
      P = g.OH * g.OW,
      rowStride = samples * P,
      rows = g.C * g.k * g.k,
      s = 1; // the middle sample's block of a three-sample column matrix
    const image = arena.floats("f32", g.C * g.H * g.W) as Float32Array;
    image.set(randomArray(image.length, 1));
    const [generic, phased] = [0, 1].map(() => arena.floats("f32", rows * rowStride) as Float32Array);
    phased.fill(7);
    generic.fill(7);
    const scratch = arena.floats("f32", phasePlaneFloats(geometry(8, 40, 40, 5, 2))) as Float32Array;
    expect(scratch.length, "this geometry has phase planes").toBeGreaterThan(0);
    scratch.fill(Number.NaN);
    const [gather, args] = columnsCaller("im2col", g)(image.byteOffset, phased.byteOffset + 4 * s * P, rowStride, scratch.byteOffset);
    expect(gather, "im2colStride2 is called").toBe(exportIndex("im2colStride2"));
    kernels.im2colStride2(...args);
    kernels.im2col(image.byteOffset, generic.byteOffset + 4 * s * P, g.C, g.H, g.W, g.OH, g.OW, g.k, 2, g.pad, 1, rowStride);
    expect(phased).toEqual(generic);

    // col2im: the columns hold random values (so every pixel's sum has several rounded terms), images start at zero.
    const columns = arena.floats("f32", rows * rowStride) as Float32Array;
    columns.set(randomArray(columns.length, 2));
    const [dxGeneric, dxPhased] = [0, 1].map(() => arena.floats("f32", g.C * g.H * g.W) as Float32Array);
    scratch.fill(Number.NaN);
    const [scatter, back] = columnsCaller("col2im", g)(dxPhased.byteOffset, columns.byteOffset + 4 * s * P, rowStride, scratch.byteOffset);
    expect(scatter, "col2imStride2 is called").toBe(exportIndex("col2imStride2"));
    kernels.col2imStride2(...back);
    kernels.col2im(columns.byteOffset + 4 * s * P, dxGeneric.byteOffset, g.C, g.H, g.W, g.OH, g.OW, g.k, 2, g.pad, 1, rowStride);
    expect(dxPhased).toEqual(dxGeneric);
    expect(
      dxPhased.some((v) => v !== 0),
      "the gradient reached the image",
    ).toBe(true);
  });

  it("keeps the row-by-row functions for 1×1 kernels, dilation, other strides and rows narrower than four", () => {
    const narrow = geometry(2, 5, 5, 3, 1); // OW = 3
    const shortcut = geometry(16, 28, 28, 1, 0);
    const dilated: ConvGeometry = { ...geometry(2, 23, 23, 3, 2), dil: 2, OH: 11, OW: 11 };
    const stride3: ConvGeometry = { ...geometry(2, 28, 28, 3, 1), stride: 3, OH: 10, OW: 10 };
    for (const g of [narrow, shortcut, dilated, stride3]) {
      expect(phasePlaneFloats(g)).toBe(0);
      expect(columnsCaller("im2col", g)(0, 0, 1, 0)[0]).toBe(exportIndex("im2col"));
      expect(columnsCaller("col2im", g)(0, 0, 1, 0)[0]).toBe(exportIndex("col2im"));
    }
  });
});
