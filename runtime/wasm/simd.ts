/*
 * Whether this engine runs WebAssembly SIMD (v128), and whether the user turned the WASM kernels
 * off. NNC_SIMD=0 forces the TypeScript reference kernels (for comparison and benchmarks).
 *
 * And whether the GEMM may use relaxed SIMD's fused multiply-add (f32x4.relaxed_madd). Node 20's V8
 * (11.3) implements it behind --experimental-wasm-relaxed-simd, on by default from V8 11.4; the flag
 * only gates validation of new modules, so turning it on at load time, before any kernel is compiled,
 * is enough. Every thread compiles the same module bytes, so a run's numbers do not depend on which
 * thread ran a product. NNC_FMA=0 keeps separate multiplies and adds (the kernels of earlier releases).
 */
import { environment, inNode, nodeV8 } from "../node.ts";
import { FunctionBuilder, V128, assembleModule, simdOp } from "./encode.ts";

/** (module (func (result v128) v128.const 0 … ) ) — validates only where SIMD is implemented. */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14,
  0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

const env = environment;

function probe(): boolean {
  if (env("NNC_SIMD") === "0") return false;
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** True when the SIMD kernels may be used; computed once per process. */
export const simdEnabled: boolean = probe();

function relaxedProbe(): Uint8Array {
  const f = new FunctionBuilder("madd", []);
  const v = f.local(V128);
  f.get(v);
  f.get(v);
  f.get(v);
  f.simd(simdOp.f32x4RelaxedMadd);
  f.set(v);
  return assembleModule([f]);
}

function probeFma(): boolean {
  if (!simdEnabled || env("NNC_FMA") === "0") return false;
  const bytes = relaxedProbe();
  try {
    if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return true;
    // Browsers ship relaxed SIMD on (Chromium from 114) or not at all; only Node 20's V8 has the flag.
    if (!inNode) return false;
    nodeV8("relaxed SIMD").setFlagsFromString("--experimental-wasm-relaxed-simd");
    return WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** True when the GEMM uses fused multiply-add; computed once per process, after simdEnabled. */
export const fmaEnabled: boolean = probeFma();
