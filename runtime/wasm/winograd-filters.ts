import type { Arena } from "../arena.ts";
import { runSliced } from "./conv-threads.ts";
import { FILTER_EXPORTS, winogradFiltersModuleBytes } from "./winograd-filters-module.ts";

/*
 * The filter side of a Winograd convolution (winograd-filters-module.ts): the filters' transform before a pass's
 * products, the weight gradient's back-transform after them. Every filter is its own computation, so a large layer
 * (fashion-cnn's 96 × 96 filters: 0.14 ms for the F(4×4, 3×3) transform, 0.39 ms for its weight gradient) splits
 * its filters across the helper threads (runSliced), the same bytes on any number of threads; a small one stays on
 * the calling thread.
 */

const FILTERS = { bytes: winogradFiltersModuleBytes, names: FILTER_EXPORTS };

const sumLists = new WeakMap<Arena, Int32Array>();

/** U[ξ·stride …] = G f Gᵀ of the filters of w [O, C, 3, 3] at byte address w (flipped for an input gradient; winograd-filters-module.ts). */
export function transformFilters(
  arena: Arena,
  tile: 2 | 4,
  w: number,
  O: number,
  C: number,
  flipped: boolean,
  U: Float32Array,
  stride: number,
): void {
  const name = tile === 4 ? "winograd4Filters" : "winogradFilters";
  runSliced(arena, FILTERS, O, O * C * (tile + 2) * (tile + 2), name, (o0, no) => [
    w,
    O,
    C,
    flipped ? 1 : 0,
    U.byteOffset,
    stride,
    o0,
    o0 + no,
  ]);
}

/** dw [OC, 3, 3] at byte address dw += Gᵀ S G, S the threads' partial sums `parts` (each S[ξ] at ξ·stride) added in their order. */
export function addFilterGradient(arena: Arena, tile: 2 | 4, parts: readonly Float32Array[], OC: number, stride: number, dw: number): void {
  let list = sumLists.get(arena);
  if (list === undefined || list.length < parts.length) sumLists.set(arena, (list = arena.ints(Math.max(8, parts.length))));
  parts.forEach((part, p) => (list[p] = part.byteOffset));
  const name = tile === 4 ? "winograd4FilterGradient" : "winogradFilterGradient";
  const sums = list.byteOffset;
  runSliced(arena, FILTERS, OC, OC * (tile + 2) * (tile + 2) * parts.length, name, (oc0, n) => [
    sums,
    parts.length,
    stride,
    dw,
    oc0,
    oc0 + n,
  ]);
}
