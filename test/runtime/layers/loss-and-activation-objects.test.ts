/**
 * runtime/layers: the loss objects (CrossEntropyLoss, HingeLoss, MseLoss), the activation objects (Relu … Softmax),
 * GlobalAvgPool and Flatten over whole buffers compute exactly what the kernel calls they replace in generated
 * code computed over the same values at offsets — same loss, same bytes written — so every checkpoint stays
 * byte-identical.
 */
import { describe, expect, it } from "vitest";
import {
  CrossEntropyLoss,
  Elu,
  Flatten,
  Gelu,
  GlobalAvgPool,
  HingeLoss,
  LeakyRelu,
  MseLoss,
  Relu,
  Sigmoid,
  Softmax,
  Tanh,
} from "../../../runtime/layers/index.ts";
import { hingeLoss, mseLoss, softmaxCrossEntropy, softmaxCrossEntropySoft } from "../../../runtime/kernels/losses.ts";
import * as k from "../../../runtime/kernels/activations.ts";
import { reluBackward, reluForward } from "../../../runtime/dispatch/activations.ts";
import { globalAvgPoolBackward, globalAvgPoolForward } from "../../../runtime/kernels/pool.ts";
import { copyInto } from "../../../runtime/memory.ts";
import { randomArray } from "../kernels/gradcheck.ts";

const OFF = 5;

/** `size` random floats twice: alone (the object's view) and at OFF inside a larger buffer (the kernel's). */
function twin(size: number, seed: number): [Float64Array, Float64Array] {
  const values = randomArray(size, seed);
  const padded = new Float64Array(size + 2 * OFF).fill(9);
  padded.set(values, OFF);
  return [Float64Array.from(values), padded];
}
const at = (a: Float64Array, size: number) => Array.from(a.subarray(OFF, OFF + size));

describe("loss objects return and write what the loss kernels did", () => {
  const [n, C] = [4, 5];
  const labels = Int32Array.from([0, 3, 4, 1]);
  const offsetLabels = Int32Array.from([7, 7, 7, 7, 7, 0, 3, 4, 1]);

  it("CrossEntropyLoss: hard labels with smoothing, soft targets, and the loss alone", () => {
    const [s1, s2] = twin(n * C, 1);
    const [g1, g2] = twin(n * C, 2);
    const ce = new CrossEntropyLoss({ classes: C, labelSmoothing: 0.1, grad: g1 });
    expect(ce.lossAndGradient(n, s1, labels, 0.5)).toBe(softmaxCrossEntropy(n, C, s2, OFF, offsetLabels, OFF, 0.1, g2, OFF, 0.5));
    expect(Array.from(g1)).toEqual(at(g2, n * C));
    const [t1, t2] = twin(n * C, 3);
    expect(ce.lossAndGradientSoft(n, s1, t1, 1)).toBe(softmaxCrossEntropySoft(n, C, s2, OFF, t2, OFF, g2, OFF, 1));
    expect(Array.from(g1)).toEqual(at(g2, n * C));
    expect(ce.loss(n, s1, labels)).toBe(softmaxCrossEntropy(n, C, s2, OFF, offsetLabels, OFF, 0.1, g2, OFF, 0));
    expect(Array.from(g1)).toEqual(at(g2, n * C));
  });

  it("HingeLoss with its margin", () => {
    const [s1, s2] = twin(n * C, 4);
    const [g1, g2] = twin(n * C, 5);
    const hinge = new HingeLoss({ classes: C, margin: 0.7, grad: g1 });
    expect(hinge.lossAndGradient(n, s1, labels, 2)).toBe(hingeLoss(n, C, s2, OFF, offsetLabels, OFF, 0.7, g2, OFF, 2));
    expect(Array.from(g1)).toEqual(at(g2, n * C));
    expect(hinge.loss(n, s1, labels)).toBe(hingeLoss(n, C, s2, OFF, offsetLabels, OFF, 0.7, g2, OFF, 0));
  });

  it("MseLoss against target rows", () => {
    const [o1, o2] = twin(n * C, 6);
    const [t1, t2] = twin(n * C, 7);
    const [g1, g2] = twin(n * C, 8);
    const mse = new MseLoss({ outputs: C, grad: g1 });
    expect(mse.lossAndGradient(n, o1, t1, 1)).toBe(mseLoss(n, C, o2, OFF, t2, OFF, g2, OFF, 1));
    expect(Array.from(g1)).toEqual(at(g2, n * C));
    expect(mse.loss(n, o1, t1)).toBe(mseLoss(n, C, o2, OFF, t2, OFF, g2, OFF, 0));
  });
});

describe("activation objects compute what the activation kernels did", () => {
  const [n, F] = [3, 7];
  const size = n * F;

  /** Runs forward and backward of an object and of the kernels at offsets; both outputs and input gradients must be equal. */
  function compare(
    object: { forward(n: number, x: Float64Array, y: Float64Array): void },
    backward: (x: Float64Array, y: Float64Array, g: Float64Array) => void,
    kernels: (x: Float64Array, y: Float64Array, g: Float64Array) => void,
  ) {
    const [x1, x2] = twin(size, 11);
    const [y1, y2] = twin(size, 12);
    const [g1, g2] = twin(size, 13);
    object.forward(n, x1, y1);
    backward(x1, y1, g1);
    kernels(x2, y2, g2);
    expect(Array.from(y1)).toEqual(at(y2, size));
    expect(Array.from(g1)).toEqual(at(g2, size));
  }

  it("Relu (the dispatched kernels)", () => {
    const relu = new Relu({ features: F });
    compare(
      relu,
      (_, y, g) => relu.backward(n, y, g),
      (x, y, g) => {
        reluForward(x, OFF, y, OFF, size);
        reluBackward(y, OFF, g, OFF, g, OFF, size);
      },
    );
  });

  it("LeakyRelu with its slope", () => {
    const a = new LeakyRelu({ features: F, slope: 0.2 });
    compare(
      a,
      (x, _, g) => a.backward(n, x, g),
      (x, y, g) => {
        k.leakyReluForward(x, OFF, y, OFF, size, 0.2);
        k.leakyReluBackward(x, OFF, g, OFF, g, OFF, size, 0.2);
      },
    );
  });

  it("Elu with its alpha", () => {
    const a = new Elu({ features: F, alpha: 1.5 });
    compare(
      a,
      (x, y, g) => a.backward(n, x, y, g),
      (x, y, g) => {
        k.eluForward(x, OFF, y, OFF, size, 1.5);
        k.eluBackward(x, OFF, y, OFF, g, OFF, g, OFF, size, 1.5);
      },
    );
  });

  it("Gelu", () => {
    const a = new Gelu({ features: F });
    compare(
      a,
      (x, _, g) => a.backward(n, x, g),
      (x, y, g) => {
        k.geluForward(x, OFF, y, OFF, size);
        k.geluBackward(x, OFF, g, OFF, g, OFF, size);
      },
    );
  });

  it("Sigmoid and Tanh", () => {
    const s = new Sigmoid({ features: F });
    compare(
      s,
      (_, y, g) => s.backward(n, y, g),
      (x, y, g) => {
        k.sigmoidForward(x, OFF, y, OFF, size);
        k.sigmoidBackward(y, OFF, g, OFF, g, OFF, size);
      },
    );
    const t = new Tanh({ features: F });
    compare(
      t,
      (_, y, g) => t.backward(n, y, g),
      (x, y, g) => {
        k.tanhForward(x, OFF, y, OFF, size);
        k.tanhBackward(y, OFF, g, OFF, g, OFF, size);
      },
    );
  });

  it("Softmax over rows of its features", () => {
    const a = new Softmax({ features: F });
    compare(
      a,
      (_, y, g) => a.backward(n, y, g),
      (x, y, g) => {
        k.softmaxForward(x, OFF, y, OFF, n, F);
        k.softmaxBackward(y, OFF, g, OFF, g, OFF, n, F);
      },
    );
  });
});

describe("GlobalAvgPool and Flatten compute what their kernels did", () => {
  it("GlobalAvgPool forward and backward", () => {
    const [n, C, S] = [2, 3, 4];
    const pool = new GlobalAvgPool({ channels: C, spatial: S });
    const [x1, x2] = twin(n * C * S, 21);
    const [y1, y2] = twin(n * C, 22);
    const [dx1, dx2] = twin(n * C * S, 23);
    pool.forward(n, x1, y1);
    globalAvgPoolForward(n, C, S, x2, OFF, y2, OFF);
    expect(Array.from(y1)).toEqual(at(y2, n * C));
    pool.backward(n, y1, dx1);
    globalAvgPoolBackward(n, C, S, y2, OFF, dx2, OFF);
    expect(Array.from(dx1)).toEqual(at(dx2, n * C * S));
  });

  it("Flatten copies n rows of its features and nothing more", () => {
    const flatten = new Flatten({ features: 6 });
    const [x1, x2] = twin(18, 24);
    const y1 = new Float64Array(18).fill(3);
    const y2 = new Float64Array(18 + 2 * OFF).fill(3);
    flatten.forward(2, x1, y1);
    copyInto(x2, OFF, y2, OFF, 12);
    expect(Array.from(y1)).toEqual(at(y2, 18));
    expect(y1[12]).toBe(3);
  });
});
