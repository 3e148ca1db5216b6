import type { Arena } from "../arena.ts";
import { kernelsFor } from "./instances.ts";
import { winogradFiltersModuleBytes } from "./winograd-filters-module.ts";

/*
 * The filter side of a Winograd convolution (winograd-filters-module.ts): the filters' transform before a pass's
 * products, the weight gradient's back-transform after them. Both run on the calling thread: fashion-cnn's largest
 * layer (96 × 96 filters) takes 0.14 ms for the F(4×4, 3×3) transform and 0.39 ms for its weight gradient, and
 * splitting them across the helper threads saved less than a helper's wake-up costs.
 */

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
  const kernels = kernelsFor(arena, winogradFiltersModuleBytes);
  (tile === 4 ? kernels.winograd4Filters : kernels.winogradFilters)(w, O, C, flipped ? 1 : 0, U.byteOffset, stride, 0, O);
}

/** dw [OC, 3, 3] at byte address dw += Gᵀ S G, S the threads' partial sums `parts` (each S[ξ] at ξ·stride) added in their order. */
export function addFilterGradient(arena: Arena, tile: 2 | 4, parts: readonly Float32Array[], OC: number, stride: number, dw: number): void {
  let list = sumLists.get(arena);
  if (list === undefined || list.length < parts.length) sumLists.set(arena, (list = arena.ints(Math.max(8, parts.length))));
  parts.forEach((part, p) => (list[p] = part.byteOffset));
  const kernels = kernelsFor(arena, winogradFiltersModuleBytes);
  (tile === 4 ? kernels.winograd4FilterGradient : kernels.winogradFilterGradient)(list.byteOffset, parts.length, stride, dw, 0, OC);
}
