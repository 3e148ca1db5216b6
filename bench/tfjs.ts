import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { Dataset } from "../runtime/data/dataset.ts";
import { B2_PARAMS } from "./b2-adam.ts";
import { fillRandom, time, type Timing } from "./measure.ts";

/*
 * The same B1/B2/B3 work through TensorFlow.js 4.22 in this process: the pure-JS "cpu" backend and
 * the "wasm" backend (XNNPACK with SIMD; Node gets the single-threaded build).
 */

export type TfBackend = "cpu" | "wasm";

export async function useBackend(name: TfBackend): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

/** The B1 MLP with the spec's init and optimizer. */
function b1Model(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 256, activation: "relu", kernelInitializer: "heNormal" }));
  model.add(tf.layers.dense({ units: 128, activation: "relu", kernelInitializer: "heNormal" }));
  model.add(tf.layers.dense({ units: 10, kernelInitializer: "heNormal" }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  return model;
}

/**
 * One shuffled epoch (batch 64) over the first `rows` rows of the already preprocessed training set
 * (nnc's loader did pixels/255 and the global standardization, so both libraries see the same numbers).
 */
export async function b1Tf(train: Dataset, rows: number): Promise<Timing> {
  const x = tf.tensor2d(train.x.subarray(0, rows * 784), [rows, 784]);
  const y = tf.oneHot(tf.tensor1d((train.labels as Int32Array).subarray(0, rows), "int32"), 10);
  const model = b1Model();
  const t = await time(
    async () => {
      await model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: true, verbose: 0 });
    },
    1,
    0,
  );
  tf.dispose([x, y]);
  model.dispose();
  return t;
}

/** B2: one Adam step over B2_PARAMS float32 parameters (applyGradients on one variable). */
export async function b2Tf(repeats: number): Promise<Timing> {
  const p = tf.variable(tf.tensor1d(fillRandom(new Float32Array(B2_PARAMS), 1)));
  const g = tf.tensor1d(fillRandom(new Float32Array(B2_PARAMS), 2));
  const opt = tf.train.adam(1e-3);
  const step = async (): Promise<void> => {
    opt.applyGradients([{ name: p.name, tensor: g }]);
    await p.data();
  };
  const t = await time(step, repeats, 3);
  opt.dispose();
  tf.dispose([p, g]);
  return t;
}

/** B3: C[M,N] = A[M,K]·B[K,N] with tf.matMul, including reading the result back. */
export async function b3Tf(M: number, K: number, N: number): Promise<Timing> {
  const a = tf.tensor2d(fillRandom(new Float32Array(M * K), 1), [M, K]);
  const b = tf.tensor2d(fillRandom(new Float32Array(K * N), 2), [K, N]);
  const repeats = Math.max(3, Math.min(100, Math.round(2e9 / (2 * M * K * N))));
  const t = await time(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }, repeats);
  tf.dispose([a, b]);
  return t;
}
