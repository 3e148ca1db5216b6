import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { Augmenter, type AugmentOp } from "../runtime/data/augment.ts";
import { Batcher } from "../runtime/data/batcher.ts";
import type { Dataset } from "../runtime/data/dataset.ts";
import { Rng } from "../runtime/rng.ts";
import { fillRandom } from "./measure.ts";
import { useBackend } from "./tfjs.ts";

/*
 * examples/fashion-cnn.nn written for TensorFlow.js 4.22 with plain ops: five convolutions 3×3
 * (32 | 48, 48 | 96, 96; same padding, no bias), each → batch norm (training mode: batch moments,
 * running statistics updated) → ReLU, a max pool 2 closing each block, then dropout 0.25 → dense 256 →
 * ReLU → dropout 0.25 → dense 10, softmax cross-entropy with label smoothing 0.05, Adam(2e-3) with the
 * decoupled weight decay 5e-4 as one multiply per weight (tfjs has no AdamW), and the spec's EMA of the
 * weights (decay 0.999), which nnc's loop also updates every step. The schedule is left out (a constant
 * rate costs the same). Layout is NHWC: tfjs convolutions on wasm take no NCHW; the arithmetic is the same.
 *
 * Batches come from nnc's own Batcher and Augmenter (the spec's augmentation, hflip) on the preprocessed
 * training set, so both libraries draw, augment and feed the same kind of batches; with one input
 * channel an NCHW row is also an NHWC row.
 *
 * The convolution gradient is ours: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so the
 * stock conv2d gradient throws on wasm, and its Conv2DBackpropInput and Conv3DBackpropFilterV2
 * kernels are plain loops (measured here at batch 128, 14×14×24→48: 160–300 ms and 1.5–2.0 s,
 * against 17–57 ms for the forms below). Both gradients are written as forward convolutions, which
 * wasm runs through XNNPACK:
 *   dx = conv2d(dy, W rotated 180° with in/out channels swapped, same padding);
 *   dW = conv2d over x with batch and channels swapped (x as [C, H, W, N], dy as a [H, W, N, O]
 *        filter, padding 1), giving [C, 3, 3, O], transposed to [3, 3, C, O].
 * Batch norm and max pooling get their own gradients too (batchNormTrain, maxPool2), for speed.
 * `checkGradients` compares all three with tfjs-cpu's stock gradients.
 */

const EPS = 1e-5;
const BN_MOMENTUM = 0.1;
const DROPOUT = 0.25;
const LABEL_SMOOTHING = 0.05;
const LR = 2e-3;
const WEIGHT_DECAY = 5e-4;
const EMA_DECAY = 0.999;
const CLASSES = 10;
/** The convolutions: input and output channels, and whether a 2×2 max pool closes the block. */
const CONVS = [
  { cin: 1, cout: 32, pool: true },
  { cin: 32, cout: 48, pool: false },
  { cin: 48, cout: 48, pool: true },
  { cin: 48, cout: 96, pool: false },
  { cin: 96, cout: 96, pool: true },
] as const;
/** 96 channels of 3×3 after three pools (28 → 14 → 7 → 3). */
const FLAT = 96 * 3 * 3;
const HIDDEN = 256;

/** A timed run of consecutive training steps (wall and process CPU milliseconds for all of them). */
export interface Slice {
  readonly steps: number;
  readonly images: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** conv2d 3×3, stride 1, same padding, with the gradient composed of forward convolutions (see above). */
function conv3x3(x: tf.Tensor4D, w: tf.Tensor4D, inputGradient: boolean): tf.Tensor4D {
  const dW = (x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D => {
    const xs = tf.transpose(x, [3, 1, 2, 0]);
    const filter = tf.transpose(dy, [1, 2, 0, 3]);
    return tf.transpose(
      tf.conv2d(xs, filter, 1, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      [1, 2, 0, 3],
    );
  };
  const dX = (dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D => tf.conv2d(dy, tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]), 1, "same");
  if (!inputGradient) {
    // The first layer's input is the batch: taking only W as an input keeps the engine from computing dx.
    const f = tf.customGrad((w: tf.Tensor) => {
      return { value: tf.conv2d(x, w as tf.Tensor4D, 1, "same"), gradFunc: (dy: tf.Tensor) => dW(x, dy as tf.Tensor4D) };
    });
    return f(w) as tf.Tensor4D;
  }
  const f = tf.customGrad((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"),
      gradFunc: (dy: tf.Tensor, [x, w]: tf.Tensor[]) => [dX(dy as tf.Tensor4D, w as tf.Tensor4D), dW(x as tf.Tensor4D, dy as tf.Tensor4D)],
    };
  });
  return f(x, w) as tf.Tensor4D;
}

/** Columns of ones by length, kept across steps: wasm's matMul packs its second operand once per tensor. */
const onesColumns = new Map<number, tf.Tensor2D>();

/**
 * Sums over every axis but the last (per channel of NHWC) as xᵀ·1 with x viewed as [rows, C]: wasm's
 * Sum over leading axes transposes first and was 2–4× slower at these sizes.
 */
function channelSums(x: tf.Tensor): tf.Tensor1D {
  const C = x.shape[x.rank - 1];
  const rows = x.size / C;
  let ones = onesColumns.get(rows);
  if (!ones) onesColumns.set(rows, (ones = tf.keep(tf.ones([rows, 1]))));
  return tf.reshape(tf.matMul(tf.reshape(x, [rows, C]), ones, true, false), [C]);
}

/**
 * Batch norm in training mode over NHWC (biased batch variance for the output, unbiased for the
 * running estimate, as PyTorch), with its gradient written out: the stock tf.batchNorm gradient tiles
 * its per-channel terms to full size and was 3–4× slower per layer. The variance is E[x²] − mean² so
 * the forward pass reads x twice; dx = γ·invstd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M) is arranged as dy·a + x·c + d.
 */
function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, running: readonly tf.Variable[] | undefined): tf.Tensor4D {
  const M = x.size / x.shape[3];
  const f = tf.customGrad((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.div(channelSums(x), M);
    const variance = tf.relu(tf.sub(tf.div(channelSums(tf.square(x)), M), tf.square(mean)));
    const invstd = tf.rsqrt(tf.add(variance, EPS));
    const scale = tf.mul(gamma, invstd);
    if (running) {
      const [rm, rv] = running;
      rm.assign(tf.add(tf.mul(rm, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
      rv.assign(tf.add(tf.mul(rv, 1 - BN_MOMENTUM), tf.mul(variance, (BN_MOMENTUM * M) / (M - 1))));
    }
    save([x, mean, invstd, scale]);
    return {
      value: tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale))),
      gradFunc: (dy: tf.Tensor, [x, mean, invstd, scale]: tf.Tensor[]) => {
        const dBeta = channelSums(dy);
        const dGamma = tf.mul(tf.sub(channelSums(tf.mul(dy, x)), tf.mul(mean, dBeta)), invstd);
        const c = tf.neg(tf.div(tf.mul(tf.mul(scale, invstd), dGamma), M));
        const d = tf.sub(tf.neg(tf.div(tf.mul(scale, dBeta), M)), tf.mul(c, mean));
        return [tf.add(tf.add(tf.mul(dy, scale), tf.mul(x, c)), d), dGamma, dBeta];
      },
    };
  });
  return f(x, gamma, beta) as tf.Tensor4D;
}

/**
 * Max pool 2×2, stride 2, dropping an odd last row or column (PyTorch's floor mode), with the gradient
 * as a mask: dx = [x = upsampled y]·upsampled dy, two nearest-neighbour resizes and three element-wise
 * passes, about half the time of wasm's MaxPoolGrad here. A window with tied maxima passes the gradient
 * to each of them where PyTorch picks one; in this model the pool follows a ReLU, so ties are zeros whose
 * gradient the ReLU then drops, and the result is the same (checkGradients compares it through a ReLU).
 */
function maxPool2(x: tf.Tensor4D): tf.Tensor4D {
  const [N, H, W, C] = x.shape;
  const even = H % 2 === 0 && W % 2 === 0 ? x : tf.slice(x, [0, 0, 0, 0], [N, H - (H % 2), W - (W % 2), C]);
  const f = tf.customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = tf.maxPool(x as tf.Tensor4D, 2, 2, "valid");
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [x, y]: tf.Tensor[]) => {
        const up = (t: tf.Tensor): tf.Tensor4D => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [x.shape[1], x.shape[2]]);
        return tf.mul(tf.cast(tf.equal(x, up(y)), "float32"), up(dy));
      },
    };
  });
  return f(even) as tf.Tensor4D;
}

/** Max |difference| of each element of `a` and `b` (Infinity when their sizes differ). */
function maxDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export interface GradientCheck {
  /** conv3x3 on the current backend vs tfjs-cpu's stock conv2d gradient: dx, dW, and dW of the first-layer form. */
  readonly convDx: number;
  readonly convDw: number;
  readonly convDwFirstLayer: number;
  /** batchNormTrain vs moments + tf.batchNorm with the stock gradient, on tfjs-cpu: output and the gradients of x, γ, β. */
  readonly batchNorm: number;
  /** maxPool2 after a ReLU vs tf.maxPool with the stock gradient, on tfjs-cpu: gradient of x. */
  readonly maxPool: number;
}

/** Compares the hand-written gradients above with tfjs's own, on small random cases. */
export async function checkGradients(): Promise<GradientCheck> {
  const [N, H, W, C, O] = [3, 6, 5, 4, 7];
  const xv = fillRandom(new Float32Array(N * H * W * C), 11);
  const wv = fillRandom(new Float32Array(9 * C * O), 12);
  const rv = fillRandom(new Float32Array(N * H * W * O), 13);
  const gv = fillRandom(new Float32Array(C), 14);
  const backend = tf.getBackend() as "cpu" | "wasm";
  const read = (ts: tf.Tensor[]): Float32Array[] => ts.map((t) => t.dataSync() as Float32Array);
  const convGradients = (conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D): Float32Array[] =>
    tf.tidy(() => {
      const x = tf.tensor4d(xv, [N, H, W, C]),
        w = tf.tensor4d(wv, [3, 3, C, O]),
        r = tf.tensor4d(rv, [N, H, W, O]);
      return read(tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(x as tf.Tensor4D, w as tf.Tensor4D), r)))([x, w]));
    });
  const bnResults = (bn: (x: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor) => tf.Tensor4D): Float32Array[] =>
    tf.tidy(() => {
      const x = tf.tensor4d(xv, [N, H, W, C]),
        g = tf.tensor1d(gv),
        b = tf.tensor1d(gv.map((v) => v / 2)),
        r = tf.tensor4d(rv.subarray(0, N * H * W * C), [N, H, W, C]);
      const weighted = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(bn(x as tf.Tensor4D, g, b), r));
      return read([bn(x, g, b), ...tf.grads(weighted)([x, g, b])]);
    });
  const poolGradient = (pool: (x: tf.Tensor4D) => tf.Tensor4D): Float32Array =>
    tf.tidy(() => {
      const x = tf.tensor4d(xv, [N, H, W, C]);
      const r = tf.tensor4d(rv.subarray(0, N * (H >> 1) * (W >> 1) * C), [N, H >> 1, W >> 1, C]);
      return read([tf.grad((x: tf.Tensor) => tf.sum(tf.mul(pool(tf.relu(x as tf.Tensor4D)), r)))(x)])[0];
    });
  await useBackend("cpu");
  const poolRef = poolGradient((x) => tf.maxPool(x, 2, 2, "valid"));
  const [dxRef, dwRef] = convGradients((x, w) => tf.conv2d(x, w, 1, "same"));
  const bnRef = bnResults((x, g, b) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.batchNorm(x, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, EPS);
  });
  await useBackend(backend);
  const [dx, dw] = convGradients((x, w) => conv3x3(x, w, true));
  const dwFirst = tf.tidy(() => {
    const x = tf.tensor4d(xv, [N, H, W, C]),
      r = tf.tensor4d(rv, [N, H, W, O]);
    return read([tf.grad((w: tf.Tensor) => tf.sum(tf.mul(conv3x3(x, w as tf.Tensor4D, false), r)))(tf.tensor4d(wv, [3, 3, C, O]))])[0];
  });
  const bn = bnResults((x, g, b) => batchNormTrain(x, g, b, undefined));
  return {
    convDx: maxDiff(dx, dxRef),
    convDw: maxDiff(dw, dwRef),
    convDwFirstLayer: maxDiff(dwFirst, dwRef),
    batchNorm: Math.max(...bn.map((a, i) => maxDiff(a, bnRef[i]))),
    maxPool: maxDiff(poolGradient(maxPool2), poolRef),
  };
}

interface Weights {
  readonly trainable: tf.Variable[];
  readonly running: tf.Variable[];
  readonly ema: tf.Variable[];
}

function createWeights(): Weights {
  let seed = 1;
  // A variable shares its initial tensor's data; disposing the tensor leaves the variable as the only owner.
  const variable = (initial: tf.Tensor, trainable = true): tf.Variable => {
    const v = tf.variable(initial, trainable);
    initial.dispose();
    return v;
  };
  const he = (shape: number[], fanIn: number): tf.Variable => variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", seed++));
  const trainable: tf.Variable[] = [];
  const running: tf.Variable[] = [];
  for (const { cin, cout } of CONVS) {
    trainable.push(he([3, 3, cin, cout], 9 * cin), variable(tf.ones([cout])), variable(tf.zeros([cout])));
    running.push(variable(tf.zeros([cout]), false), variable(tf.ones([cout]), false));
  }
  trainable.push(he([FLAT, HIDDEN], FLAT), variable(tf.zeros([HIDDEN])), he([HIDDEN, CLASSES], HIDDEN), variable(tf.zeros([CLASSES])));
  const ema = trainable.map((v) => variable(v.clone(), false));
  return { trainable, running, ema };
}

/** The training-mode forward pass and mean loss; updates the batch-norm running statistics. */
function loss(weights: Weights, x: tf.Tensor4D, y: tf.Tensor2D): tf.Scalar {
  const w = weights.trainable;
  let h: tf.Tensor4D = x;
  CONVS.forEach(({ pool }, i) => {
    const [kernel, gamma, beta] = w.slice(3 * i, 3 * i + 3);
    const c = conv3x3(h, kernel as tf.Tensor4D, i > 0);
    h = tf.relu(batchNormTrain(c, gamma, beta, weights.running.slice(2 * i, 2 * i + 2)));
    if (pool) h = maxPool2(h);
  });
  const [fw, fb, ow, ob] = w.slice(3 * CONVS.length);
  let f: tf.Tensor2D = tf.reshape(h, [x.shape[0], FLAT]);
  f = tf.relu(tf.add(tf.matMul(tf.dropout(f, DROPOUT), fw as tf.Tensor2D), fb));
  const logits = tf.add(tf.matMul(tf.dropout(f, DROPOUT), ow as tf.Tensor2D), ob);
  return tf.losses.softmaxCrossEntropy(y, logits, undefined, LABEL_SMOOTHING);
}

/**
 * `steps` optimizer steps of batch `batchSize` on the current backend, after `warmup` untimed ones.
 * Each step: draw and augment a batch (nnc's Batcher and Augmenter), upload it, forward, backward,
 * Adam, decoupled weight decay, EMA, and read the loss back.
 */
export async function cnnTf(
  train: Dataset,
  augment: readonly AugmentOp[],
  batchSize: number,
  steps: number,
  warmup: number,
): Promise<Slice> {
  const rng = new Rng(1);
  const batcher = new Batcher(train, batchSize, true, rng, "f32");
  const augmenter = new Augmenter(augment, [1, 28, 28], CLASSES, batchSize, LABEL_SMOOTHING, "f32");
  const weights = createWeights();
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  batcher.startEpoch();
  let images = 0;
  const step = async (): Promise<void> => {
    let n = batcher.next();
    if (n === 0) {
      batcher.startEpoch();
      n = batcher.next();
    }
    augmenter.apply(batcher.x, batcher.labels, n, rng);
    images += n;
    const value = tf.tidy(() => {
      const x = tf.tensor4d(batcher.x.subarray(0, n * 784), [n, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(batcher.labels.subarray(0, n), "int32"), CLASSES) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => loss(weights, x, y), weights.trainable);
      for (const v of weights.trainable) v.assign(tf.mul(v, 1 - LR * WEIGHT_DECAY));
      optimizer.applyGradients(grads);
      weights.trainable.forEach((v, i) => weights.ema[i].assign(tf.add(tf.mul(weights.ema[i], EMA_DECAY), tf.mul(v, 1 - EMA_DECAY))));
      return value;
    });
    const l = (await value.data())[0];
    value.dispose();
    if (!Number.isFinite(l)) throw new Error(`tfjs CNN loss became ${l}`);
  };
  for (let i = 0; i < warmup; i++) await step();
  images = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  optimizer.dispose();
  tf.dispose([...weights.trainable, ...weights.running, ...weights.ema, ...onesColumns.values()]);
  onesColumns.clear();
  return { steps, images, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}
