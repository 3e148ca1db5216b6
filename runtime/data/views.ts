import type { FloatArray } from "../types.ts";
import type { ViewPlan } from "../contract.ts";

/*
 * Test-time views of a batch x[n, C, H, W] (NCHW rows), written to another buffer so the batch itself
 * stays as loaded: evaluation and prediction average the network's outputs over the images and each view
 * (runtime/train/evaluate.ts). The compiler allows views only for a [C, H, W] input.
 */

/** dst[0, n·C·H·W) ← `view` of each image of src. */
export function viewInto(view: ViewPlan, shape: readonly number[], src: FloatArray, dst: FloatArray, n: number): void {
  const [C, H, W] = shape;
  for (let p = 0; p < n * C; p++) {
    const plane = p * H * W;
    for (let i = 0; i < H; i++) {
      const si = view.kind === "vflip" ? H - 1 - i : i;
      const to = plane + i * W,
        from = plane + si * W;
      if (view.kind === "hflip") for (let j = 0; j < W; j++) dst[to + j] = src[from + W - 1 - j];
      else for (let j = 0; j < W; j++) dst[to + j] = src[from + j];
    }
  }
}
