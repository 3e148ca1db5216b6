/**
 * The arithmetic of graph models' merges and of gradients that several readers contribute to: the sum of
 * equal-shaped inputs (`add`), rows laid side by side (`concat`: per sample, input k's features — a
 * [C_k, H, W] map's channels, NCHW — at its offset in the output row) and the slice of each row backward
 * hands to input k. Plain loops: these move memory and do one add per element, which no kernel speeds up.
 */
import type { FloatArray } from "../types.ts";

/** out[i] = a[i] + b[i] for i < count. */
export function addForward(count: number, a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < count; i++) out[i] = a[i] + b[i];
}

/** dst[dOff + i] += src[sOff + i] for i < count: a later contribution to an accumulated gradient (copyInto makes the first). */
export function addInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, count: number): void {
  for (let i = 0; i < count; i++) dst[dOff + i] += src[sOff + i];
}

/** Row r of `src` (`width` values) into row r of `dst` (`dstWidth` values) at `offset`, for n rows. */
export function concatRows(n: number, src: FloatArray, width: number, dst: FloatArray, dstWidth: number, offset: number): void {
  for (let r = 0; r < n; r++) {
    const s = r * width;
    const d = r * dstWidth + offset;
    for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}

/**
 * The inverse of concatRows: values [offset, offset + width) of each `srcWidth`-wide row of `src` into row r
 * of `dst` (`width` values), added to what is there when `accumulate`, else copied over it.
 */
export function sliceRows(
  n: number,
  src: FloatArray,
  srcWidth: number,
  offset: number,
  dst: FloatArray,
  width: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < n; r++) {
    const s = r * srcWidth + offset;
    const d = r * width;
    if (accumulate) for (let j = 0; j < width; j++) dst[d + j] += src[s + j];
    else for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}
