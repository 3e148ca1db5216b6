/*
 * Value types and the opcodes the kernels use (binary spec §5.3, §5.4), named once so the emitters read as
 * instructions.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

export const op = {
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32Xor: 0x73,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  f32Lt: 0x5d,
  f32Gt: 0x5e,
  f32Abs: 0x8b,
  f32Neg: 0x8c,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Min: 0x96,
  f32Max: 0x97,
  f32Le: 0x5f,
  f32Ne: 0x5c,
  i32DivS: 0x6d,
  i32Or: 0x72,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  f64Lt: 0x63,
  f64Ge: 0x66,
  f64Neg: 0x9a,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f32DemoteF64: 0xb6,
  f64ConvertI32U: 0xb8,
  f64PromoteF32: 0xbb,
  i32ReinterpretF32: 0xbc,
  f32ReinterpretI32: 0xbe,
} as const;
export const simdOp = {
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  i32x4LtS: 0x39,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Xor: 0x51,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  v128Bitselect: 0x52,
  i32x4Add: 0xae,
  /** Relaxed SIMD: a·b + c, fused where the hardware has FMA (runtime/wasm/simd.ts decides whether it is used). */
  f32x4RelaxedMadd: 0x105,
} as const;
