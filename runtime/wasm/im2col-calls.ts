import type { ConvGeometry } from "../kernels/conv.ts";
import type { ProgramModule } from "./conv-threads.ts";
import { im2colModuleBytes } from "./im2col-module.ts";

/*
 * The calls the batched convolution (runtime/wasm/conv.ts) makes into the im2col module: which export gathers or
 * scatters a sample's columns, with which arguments. Stride 2 without dilation takes the phase-plane functions of
 * im2col-stride2-module.ts, which need scratch space after the columns (phasePlaneFloats of it).
 */

export const IM2COL_EXPORTS = ["im2col", "col2im", "permute", "im2colStride2", "col2imStride2", "zero"] as const;

/** The index of an export in KernelPrograms' calls. */
export const exportIndex = (name: (typeof IM2COL_EXPORTS)[number]): number => IM2COL_EXPORTS.indexOf(name);
export const PERMUTE = exportIndex("permute");
export const ZERO = exportIndex("zero");

export function im2colModule(id: number): ProgramModule {
  return { id, bytes: im2colModuleBytes, names: IM2COL_EXPORTS };
}

/** The two phase planes of stride 2: `rows` rows of Wp floats each, L zeros left of pixel 0. */
interface PhasePlanes {
  readonly L: number;
  readonly Wp: number;
  readonly rows: number;
}

function phasePlanes(g: ConvGeometry): PhasePlanes | null {
  // A 1×1 kernel reads every other pixel of every other row: im2col-module.ts's loops move less.
  if (g.stride !== 2 || g.dil !== 1 || g.k < 2 || g.OW < 4) return null;
  const L = (g.pad + 1) >> 1;
  // Wide enough for the rightmost entry a kernel column reads and for every pixel of the row.
  const Wp = 4 * Math.ceil(Math.max(g.OW + ((g.k - 1 - g.pad) >> 1) + L, L + ((g.W + 1) >> 1)) / 4);
  return { L, Wp, rows: Math.max(2 * (g.OH - 1) + g.k, g.pad + g.H) };
}

/** Floats of scratch the calls need after a thread's columns. */
export function phasePlaneFloats(g: ConvGeometry): number {
  const p = phasePlanes(g);
  return p === null ? 0 : 2 * p.rows * p.Wp;
}

/** Export index and arguments of one sample's gather (im2col) or scatter-add (col2im): see columnsCaller. */
export type ColumnsCall = (image: number, columns: number, rowStride: number, scratch: number) => [number, number[]];

/**
 * The call that gathers (im2col) or scatter-adds (col2im, into an image that starts at zero) one sample's columns of a
 * layer: `image` the sample's [C, H, W], `columns` its block of a column matrix whose rows are rowStride floats apart,
 * `scratch` phasePlaneFloats(g) floats (byte addresses). The export and plane layout are chosen once per layer and pass.
 */
export function columnsCaller(direction: "im2col" | "col2im", g: ConvGeometry): ColumnsCall {
  const { C, H, W, OH, OW, k, stride, pad, dil } = g;
  const order = (image: number, columns: number) => (direction === "im2col" ? [image, columns] : [columns, image]);
  const p = phasePlanes(g);
  if (p === null) {
    const index = exportIndex(direction);
    return (image, columns, rowStride) => [index, [...order(image, columns), C, H, W, OH, OW, k, stride, pad, dil, rowStride]];
  }
  const index = exportIndex(`${direction}Stride2`);
  return (image, columns, rowStride, scratch) => [
    index,
    [...order(image, columns), C, H, W, OH, OW, k, pad, rowStride, scratch, p.Wp, p.L, p.rows],
  ];
}
