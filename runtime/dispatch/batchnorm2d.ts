/*
 * Batch norm over NCHW maps as generated code calls it: the SIMD passes of runtime/wasm/batchnorm2d.ts
 * (float32 lanes, per-plane partials added in float64) for float32 Arena buffers, the reference loops of
 * runtime/kernels/batchnorm2d.ts otherwise. Arguments as in the reference.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/batchnorm2d.ts";
import { reluBackward, reluForward } from "./activations.ts";
import { simdBatchNorm2dBackward, simdBatchNorm2dForwardEval, simdBatchNorm2dForwardTrain } from "../wasm/batchnorm2d.ts";

/**
 * Train mode, optionally followed by ReLU (batch norm + activation fused: the SIMD pass applies it as it writes y).
 * The reference throws for a batch of fewer than 2 values per channel, before any SIMD pass.
 */
export function batchNorm2dForwardTrain(
  B: number,
  C: number,
  S: number,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  gamma: FloatArray | null,
  gOff: number,
  beta: FloatArray | null,
  bOff: number,
  runningMean: FloatArray,
  rmOff: number,
  runningVar: FloatArray,
  rvOff: number,
  momentum: number,
  eps: number,
  saveMean: FloatArray,
  smOff: number,
  saveInvStd: FloatArray,
  sisOff: number,
  relu: boolean,
): void {
  if (
    B * S >= 2 &&
    simdBatchNorm2dForwardTrain(
      B,
      C,
      S,
      x,
      xOff,
      y,
      yOff,
      gamma,
      gOff,
      beta,
      bOff,
      runningMean,
      rmOff,
      runningVar,
      rvOff,
      momentum,
      eps,
      saveMean,
      smOff,
      saveInvStd,
      sisOff,
      relu,
    )
  )
    return;
  reference.batchNorm2dForwardTrain(
    B,
    C,
    S,
    x,
    xOff,
    y,
    yOff,
    gamma,
    gOff,
    beta,
    bOff,
    runningMean,
    rmOff,
    runningVar,
    rvOff,
    momentum,
    eps,
    saveMean,
    smOff,
    saveInvStd,
    sisOff,
  );
  if (relu) reluForward(y, yOff, y, yOff, B * C * S);
}

/** Eval mode with the running statistics, optionally followed by ReLU (batch norm + activation fused). */
export function batchNorm2dForwardEval(
  B: number,
  C: number,
  S: number,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  gamma: FloatArray | null,
  gOff: number,
  beta: FloatArray | null,
  bOff: number,
  runningMean: FloatArray,
  rmOff: number,
  runningVar: FloatArray,
  rvOff: number,
  eps: number,
  relu: boolean,
): void {
  if (simdBatchNorm2dForwardEval(B, C, S, x, xOff, y, yOff, gamma, gOff, beta, bOff, runningMean, rmOff, runningVar, rvOff, eps, relu))
    return;
  reference.batchNorm2dForwardEval(B, C, S, x, xOff, y, yOff, gamma, gOff, beta, bOff, runningMean, rmOff, runningVar, rvOff, eps, relu);
}

/**
 * Writes dx; (=|+=) dgamma and dbeta when they are given. dx may alias dy. x, saveMean and saveInvStd are the
 * forward pass's input and statistics, from which xhat is recomputed. With `reluOutput` (y of a forward pass with
 * relu = true, at yOff), dy is first passed through the ReLU's gradient: the reference masks it in place by y > 0,
 * the SIMD passes recompute the same mask from xhat, gamma and beta as they read dy, and leave dy as it was.
 */
export function batchNorm2dBackward(
  B: number,
  C: number,
  S: number,
  dy: FloatArray,
  dyOff: number,
  x: FloatArray,
  xOff: number,
  saveMean: FloatArray,
  smOff: number,
  saveInvStd: FloatArray,
  sisOff: number,
  gamma: FloatArray | null,
  gOff: number,
  beta: FloatArray | null,
  bOff: number,
  dx: FloatArray | null,
  dxOff: number,
  dgamma: FloatArray | null,
  dgOff: number,
  dbeta: FloatArray | null,
  dbOff: number,
  accumulate: boolean,
  reluOutput: FloatArray | null,
  yOff: number,
): void {
  if (
    simdBatchNorm2dBackward(
      B,
      C,
      S,
      dy,
      dyOff,
      x,
      xOff,
      saveMean,
      smOff,
      saveInvStd,
      sisOff,
      gamma,
      gOff,
      beta,
      bOff,
      dx,
      dxOff,
      dgamma,
      dgOff,
      dbeta,
      dbOff,
      accumulate,
      reluOutput !== null,
    )
  )
    return;
  if (reluOutput !== null) reluBackward(reluOutput, yOff, dy, dyOff, dy, dyOff, B * C * S);
  reference.batchNorm2dBackward(
    B,
    C,
    S,
    dy,
    dyOff,
    x,
    xOff,
    saveMean,
    smOff,
    saveInvStd,
    sisOff,
    gamma,
    gOff,
    dx,
    dxOff,
    dgamma,
    dgOff,
    dbeta,
    dbOff,
    accumulate,
  );
}
