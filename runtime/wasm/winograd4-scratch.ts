import { type FunctionBuilder, op } from "./encode.ts";
import type { LaneLayout } from "./winograd4-lanes.ts";

/*
 * A tile's intermediate vectors between an F(4×4, 3×3) transform's row and column passes (winograd4-module.ts):
 * the rows d B, m A or g Aᵀ go to a small scratch after the transform's planes and come back by columns.
 */

/** Floats after a transform's planes for one tile's intermediate vectors: the output transform's 24 rows of m A and 16 of Y, the most of the three. */
export const TILE_SCRATCH_FLOATS = 4 * 40;

/**
 * Sets the local `to` to `planes` + `count` planes' bytes: where a tile's intermediate vectors go between the
 * transform's row and column passes. In memory they stay in L1; as 24–36 f32x4 locals they were spilled by V8
 * anyway (x64 has 16 vector registers), in an order of its own that cost 5–10% of a pass.
 */
export function tileScratch(f: FunctionBuilder, layout: LaneLayout, planes: number, count: 1 | 4, to: number): void {
  f.get(planes);
  f.get(layout.planeBytes);
  if (count === 4) {
    f.i32(2);
    f.op(op.i32Shl);
  }
  f.op(op.i32Add);
  f.set(to);
}

/** Stores the f32x4 locals `values` at scratch + 16·(first + i·step) for each i. */
export function storeScratch(f: FunctionBuilder, scratch: number, values: readonly number[], first: number, step: number): void {
  values.forEach((v, i) => {
    f.get(scratch);
    f.get(v);
    f.v128Store(16 * (first + i * step));
  });
}

/** Loads the f32x4 locals `values` from scratch + 16·(first + i·step) for each i. */
export function loadScratch(f: FunctionBuilder, scratch: number, values: readonly number[], first: number, step: number): void {
  values.forEach((v, i) => {
    f.get(scratch);
    f.v128Load(16 * (first + i * step));
    f.set(v);
  });
}
