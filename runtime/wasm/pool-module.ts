import { assembleModule } from "./encode.ts";
import { emitMaxBackward, emitMaxForward } from "./pool-max-module.ts";
import { emitMax2Forward } from "./pool-max2-module.ts";

/*
 * Max pooling without padding (nn.MaxPool2d's default) over NCHW f32 maps, branch-free: each
 * window's running maximum and its index are updated with `select`, so the compare costs no
 * misprediction. A candidate takes over when it is larger or NaN (PyTorch's `val > max || isnan(val)`),
 * so ties keep the first maximum in scan order and a NaN, once taken, stays.
 *   max_fwd(x, y, argmax, B, C, H, W, OH, OW, k, stride)
 *       y[b, c, i, j] = max of the k×k window at (i·stride, j·stride); argmax holds the winner's
 *       element index relative to the sample's first input element (i32)
 *   max2_fwd(x, y, argmax, B, C, H, W, OH, OW)
 *       the same for the 2×2 window with stride 2, four outputs per step in f32x4 lanes: the even and
 *       odd columns of two input rows are shuffled into four candidate vectors, taken in scan order
 *   max_bwd(dy, argmax, dx, B, inSize, outSize)   dx = 0, then dx[b, argmax] += dy
 */

/** The module's bytes; exports max_fwd, max2_fwd and max_bwd. */
export function poolModuleBytes(): Uint8Array {
  return assembleModule([emitMaxForward(), emitMax2Forward(), emitMaxBackward()]);
}
