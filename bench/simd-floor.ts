import { FunctionBuilder, I32, assembleModule, op, simdOp } from "../runtime/wasm/encode.ts";

/*
 * The SIMD memory floor for B2: a WebAssembly loop that reads p, g, m, v and writes p, m, v in
 * f32x4 lanes with one add per store, i.e. Adam's memory traffic with none of its arithmetic.
 * floor(p, g, m, v, n) with byte addresses; n a multiple of 4.
 */
export function simdFloorModuleBytes(): Uint8Array {
  const f = new FunctionBuilder("floor", [I32, I32, I32, I32, I32]);
  const [p, g, m, v, n] = [0, 1, 2, 3, 4];
  const i = f.local(I32), gv = f.local(0x7b);
  const at = (base: number): void => { f.get(base); f.get(i); f.op(op.i32Add); };
  f.get(n); f.i32(2); f.op(op.i32Shl); f.set(n); // n in bytes from here on
  f.forRange(i, () => f.i32(0), () => f.get(n), 16, () => {
    at(g); f.v128Load(); f.set(gv);
    for (const [dst, sub] of [[m, false], [v, false], [p, true]] as const) {
      at(dst); at(dst); f.v128Load(); f.get(gv); f.simd(sub ? simdOp.f32x4Sub : simdOp.f32x4Add); f.v128Store();
    }
  });
  return assembleModule([f]);
}
