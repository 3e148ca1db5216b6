import type { FloatArray } from "../types.ts";
import type { ViewPlan } from "../contract.ts";
import { flipImage } from "./augment.ts";

/*
 * Test-time views of a batch x[n, C, H, W] (NCHW rows), written to another buffer so the batch itself
 * stays as loaded: evaluation and prediction average the network's outputs over the images and each view
 * (runtime/train/evaluate.ts). The compiler allows views only for a [C, H, W] input.
 */

/** dst[0, n·C·H·W) ← `view` of each image of src. */
export function viewInto(view: ViewPlan, shape: readonly number[], src: FloatArray, dst: FloatArray, n: number): void {
  const [C, H, W] = shape;
  const size = C * H * W;
  dst.set(src.subarray(0, n * size));
  for (let b = 0; b < n; b++) flipImage(dst, b * size, C, H, W, view.kind === "vflip");
}
