/*
 * The tiling of the SIMD GEMM (runtime/wasm/gemm-module.ts describes the packed layout): the micro-tile,
 * the K block, the driver's flag bits and the module's function indices.
 */

/** Rows per micro-tile. */
export const MR = 4;
/** f32x4 vectors per micro-tile row (NR = 4·NV columns). */
export const NV = 2;
export const NR = 4 * NV;
/** K block: KC·NR·4 bytes of B panel = 8 KiB. */
export const KC = 256;

/** Flag bits of the driver's `flags` argument. */
export const ACCUMULATE = 1;
export const RELU = 2;
export const BIAS = 4;
/** B is already in packed panels at b ([N/NR][K][NR], K ≤ KC): the driver skips packing it. */
export const PACKED_B = 8;

/** Function indices of the module (gemm calls the others by index). */
export const PACK_A = 0;
export const PACK_B = 1;
export const MICRO = 2;
