/*
 * Whether this engine runs WebAssembly SIMD (v128), and whether the user turned the WASM kernels
 * off. NNC_SIMD=0 forces the TypeScript reference kernels (for comparison and benchmarks).
 */

/** (module (func (result v128) v128.const 0 … ) ) — validates only where SIMD is implemented. */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

function probe(): boolean {
  if (typeof process !== "undefined" && process.env?.NNC_SIMD === "0") return false;
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** True when the SIMD kernels may be used; computed once per process. */
export const simdEnabled: boolean = probe();
