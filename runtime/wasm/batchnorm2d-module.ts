import { emitGradApply, emitGradSums } from "./batchnorm2d-backward-module.ts";
import { emitAffine, emitSqDev, emitSums, emitTrainApply } from "./batchnorm2d-forward-module.ts";
import { assembleModule } from "./encode.ts";

/*
 * BatchNorm2d's passes over x[B, C, S] in f32x4 lanes. Reductions produce one float64 partial sum
 * per plane (b, c) — f32 lanes flushed into f64 every 1024 elements — and the caller adds the B
 * partials of each channel in float64, in b order, so the statistics are as exact as the
 * TypeScript reference's up to f32 rounding inside a chunk. Per-channel operands (mean, invStd,
 * gamma, …) are f32[C] arrays the caller fills.
 *   sums(x, B, C, S, out)                          out[b·C + c] = Σ_p x
 *   sq_dev(x, B, C, S, mean, out)                   out[b·C + c] = Σ_p (x − mean[c])²
 *   train_apply(x, y, xhat, B, C, S, mean, inv, gamma, beta)
 *                                                  xhat = (x − mean)·inv, y = xhat·gamma + beta
 *   train_normalise(x, y, B, C, S, mean, inv, gamma, beta)
 *                                                  y as train_apply's, xhat not stored
 *   train_normalise_relu(…the same…)               and then y = ReLU(y)
 *   affine(x, y, B, C, S, scale, shift, relu)       y = x·scale + shift, then ReLU when relu ≠ 0
 *   grad_sums(dy, xhat, B, C, S, out0, out1)        out0 = Σ_p dy, out1 = Σ_p dy·xhat
 *   grad_apply(dy, xhat, dx, B, C, S, k, m0, m1)    dx = k·(dy − m0 − xhat·m1)   (dx may alias dy)
 *   grad_sums_from_x(dy, x, …, mean, inv), grad_apply_from_x(dy, x, dx, …, mean, inv)
 *                                                  the same with xhat = (x − mean)·inv recomputed
 *   grad_sums_from_x_relu(…, gamma, beta), grad_apply_from_x_relu(…, gamma, beta)
 *                                                  and dy through train_normalise_relu's ReLU:
 *                                                  dy where xhat·gamma + beta > 0, else 0
 * Batch norm stores no xhat: its backward passes recompute it from the layer's input x with the forward pass's
 * f32 operands and order, the same bits, which saves a write and a buffer the size of the activations. Group and
 * layer norm (group-norm.ts, layer-norm.ts) keep theirs.
 * Every `out` is f64[B·C]; addresses are bytes.
 */

/** The module's bytes; exports the passes above. */
export function batchNorm2dModuleBytes(): Uint8Array {
  return assembleModule([
    emitSums(),
    emitSqDev(),
    emitTrainApply("train_apply"),
    emitTrainApply("train_normalise"),
    emitTrainApply("train_normalise_relu"),
    emitAffine(),
    ...(["xhat", "x", "x_relu"] as const).flatMap((source) => [emitGradSums(source), emitGradApply(source)]),
  ]);
}
