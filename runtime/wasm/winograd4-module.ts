import { assembleModule } from "./encode.ts";
import { fmaEnabled } from "./simd.ts";
import { emitGradient4 } from "./winograd4-gradient-module.ts";
import { emitInput4 } from "./winograd4-input-module.ts";
import { emitOutput4 } from "./winograd4-output-module.ts";

/*
 * The transforms of Winograd's F(4×4, 3×3) convolution (Lavin & Gray 2016, interpolation points 0, ±1, ±2, ∞),
 * for a group of four samples of a batch; runtime/wasm/winograd4.ts runs the products between them. An output
 * tile is 4×4 pixels at (4·ty, 4·tx), computed from the 6×6 input patch d at rows 4·ty − pad …, columns 4·tx − pad …:
 *   Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
 *   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1],
 *   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]   (G in winograd4-weights.ts).
 * The four f32x4 lanes are four samples at the same tile, so no tile is padding whatever the map's size
 * (F(2×2, 3×3) puts neighbouring tiles in the lanes instead, winograd-module.ts). A group's tiles are columns
 * 4·t + lane, t = ty·TW + tx (TH = ⌈OH/4⌉ rows of TW = ⌈OW/4⌉ tiles); a group with fewer than four samples
 * (`lanes`) computes zeros in the rest, and their outputs are dropped. `planes` is scratch for four planes and, after
 * them, a tile's rows between a transform's two passes (planeFloats in winograd4.ts, winograd4-scratch.ts).
 *
 *   winograd4Input(x, sampleBytes, lanes, planes, V, C, H, W, pad, TH, TW, NT, stride, panelBytes, parity)
 *       x: the group's first sample [C, H, W], the next at x + sampleBytes. For each channel, copies the four
 *       samples into one interleaved plane ((4·TH + 2) × (4·TW + 2) pixels of four floats, zeros around the image
 *       at row pad, column pad; winograd4-interleave.ts) and writes V = Bᵀ d B: element ξ = 6i + j of column t of
 *       channel c at V[ξ·stride + c·NT + t] when panelBytes = 0; otherwise straight in the GEMM's packed panels of
 *       eight columns (gemm-module.ts), V[ξ·stride + ⌊t/8⌋·8·C + 8·c + t mod 8], panelBytes = 32·C, the group's
 *       first column at V and `parity` 1 when it is the second four of its panel.
 *   winograd4Output(M, planes, y, sampleBytes, lanes, O, OH, OW, TH, TW, NT, bias, relu)
 *       M[ξ·O·NT + o·NT + t]: the 36 products per column. Writes y[l, o] = Aᵀ m A (+ bias[o] when bias ≠ 0)
 *       (ReLU when relu ≠ 0) of each of the `lanes` samples, through the planes (4·TH × 4·TW floats each).
 *   winograd4Gradient(dy, sampleBytes, lanes, planes, D, O, OH, OW, TH, TW, NT)
 *       For the weight gradient: D[ξ·O·NT + o·NT + t] = (A g Aᵀ)[ξ] of each 4×4 tile g of dy[l, o] (zero past
 *       the edges), through the planes (4·TH × 4·TW floats each).
 */

/**
 * The module's bytes; exports winograd4Input, winograd4Output and winograd4Gradient. `fused`: products by 2, 4 and 8
 * as fused multiply-adds (relaxed SIMD), which give the separate multiply and add's bits (winograd4-lanes.ts).
 */
export function winograd4ModuleBytes(fused: boolean = fmaEnabled): Uint8Array {
  return assembleModule([emitInput4(fused), emitOutput4(fused), emitGradient4(fused)]);
}
