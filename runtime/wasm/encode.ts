/*
 * A minimal WebAssembly binary writer: just enough of the format (binary spec §5) to emit
 * the runtime's SIMD kernels at load time, so a clean clone needs no wasm toolchain and the
 * kernels read as TypeScript. A module here always imports one shared memory as env.memory
 * (the Arena's), and exports functions that take i32 byte addresses into it.
 */
import type { FunctionBuilder } from "./function-builder.ts";
import { uleb } from "./leb128.ts";

// The kernels' emitters import the whole writer from here.
export { FunctionBuilder } from "./function-builder.ts";
export { F32, F64, I32, V128, op, simdOp, type ValType } from "./opcodes.ts";

function section(id: number, payload: number[], out: number[]): void {
  out.push(id);
  uleb(payload.length, out);
  out.push(...payload);
}

function name(s: string, out: number[]): void {
  const b = new TextEncoder().encode(s);
  uleb(b.length, out);
  out.push(...b);
}

/** A module importing a shared memory env.memory (0..65536 pages) and exporting `fns` by name; no results. */
export function assembleModule(fns: readonly FunctionBuilder[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    uleb(f.params.length, types);
    types.push(...f.params);
    types.push(0x00);
  }
  section(1, types, out);
  const imports: number[] = [];
  uleb(1, imports);
  name("env", imports);
  name("memory", imports);
  imports.push(0x02, 0x03); // memory, limits with maximum and shared
  uleb(0, imports);
  uleb(65536, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(fns.length, funcs);
  fns.forEach((_, i) => uleb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  uleb(fns.length, exports);
  fns.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(fns.length, code);
  for (const f of fns) {
    const b = f.body();
    uleb(b.length, code);
    code.push(...b);
  }
  section(10, code, out);
  return new Uint8Array(out);
}
