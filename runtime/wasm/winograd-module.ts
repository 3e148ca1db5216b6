import { assembleModule } from "./encode.ts";
import { emitGradient } from "./winograd-gradient-module.ts";
import { emitInput } from "./winograd-input-module.ts";
import { emitOutput } from "./winograd-output-module.ts";

/*
 * The transforms of Winograd's F(2×2, 3×3) convolution (Lavin & Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016), for one sample of a batch; runtime/wasm/winograd.ts runs
 * the products between them and defines the layout. An output tile is 2×2 pixels at (2·ty, 2·tx),
 * computed from the 4×4 input patch d at rows 2·ty − pad …, columns 2·tx − pad …:
 *   Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
 *   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],   Aᵀ = [1 1 1 0; 0 1 −1 −1].
 * Tiles are numbered ty·TWp + tx with TWp = ⌈TW/4⌉·4 (TW = ⌈OW/2⌉): four neighbouring tiles of a tile
 * row fill the four f32x4 lanes, so every transform is whole-vector arithmetic. The tiles past TW read
 * zero padding and their outputs are dropped.
 *
 *   winogradInput(x, plane, V, C, H, W, pad, TH, TWp, NT)
 *       x: one sample [C, H, W]. For each channel, copies the image into `plane` (a zeroed scratch of
 *       (2·TH + 2) × (2·TWp + 4) floats, the image at row pad, column pad) and writes the 16 values
 *       V = Bᵀ d B of every tile: element ξ = 4i + j of tile t of channel c at V[ξ·C·NT + c·NT + t].
 *   winogradOutput(M, plane, y, O, OH, OW, TH, TWp, NT, bias, relu)
 *       M[ξ·O·NT + o·NT + t]: the 16 products per tile. Writes y[o, OH, OW] = Aᵀ m A (+ bias[o] when
 *       bias ≠ 0) (ReLU when relu ≠ 0), through `plane` (2·TH × 2·TWp floats) so that odd sizes need no
 *       partial tiles.
 *   winogradGradient(dy, plane, D, O, OH, OW, TH, TWp, NT)
 *       For the weight gradient: D[ξ·O·NT + o·NT + t] = (A g Aᵀ)[ξ] of each 2×2 tile g of dy[o, OH, OW]
 *       (zero past the edges and in the padding tiles), through `plane` (2·TH × 2·TWp floats).
 */

/** The module's bytes; exports winogradInput, winogradOutput and winogradGradient. */
export function winogradModuleBytes(): Uint8Array {
  return assembleModule([emitInput(), emitOutput(), emitGradient()]);
}
