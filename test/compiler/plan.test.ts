import { describe, expect, it } from "vitest";
import { MINIMAL, checkText } from "./harness.ts";

const MLP = `let hidden = 256
data {
  train = idx("train-images.gz", "train-labels.gz")
  validation = split(train, 0.1)
  preprocess = [scale(1 / 255), standardize(global)]
}
model {
  input = [784]
  weight_init = he_normal()
  fc1: dense(hidden)
  relu
  dropout(0.2)
  fc2: dense(hidden / 2) { lr_mult = 0.5 }
  relu
  out: dense(10)
  loss = cross_entropy(label_smoothing = 0.1)
}
train {
  optimizer = adam()
  schedule { lr = linear(0.01, 1.0, 500 steps) then cosine(8000 steps, min = 1e-5) }
  epochs = 20
  batch_size = 128
  early_stopping { metric = validation.accuracy }
  metrics = [loss, accuracy, top_k(5)]
  regularize = [l1(1e-5, on = biases, layers = [fc1])]
}
`;

describe("the plan", () => {
  const { plan, diagnostics } = checkText(MLP);

  it("is produced for a valid spec, without diagnostics, naming the spec's path", () => {
    expect(diagnostics).toEqual([]);
    expect(plan?.source).toBe("test.nn");
  });

  it("counts 235,146 parameters for 784-256-128-10", () => {
    // 784·256 + 256 + 256·128 + 128 + 128·10 + 10
    expect(plan?.parameterCount).toBe(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    expect(plan?.parameterCount).toBe(235146);
  });

  it("counts 2·in·out FLOPs per dense layer", () => {
    expect(plan?.flopsPerSample).toBe(2 * (784 * 256 + 256 * 128 + 128 * 10));
  });

  it("infers every layer's input and output size and names anonymous layers", () => {
    expect(plan?.layers.map((l) => `${l.name}:${l.kind}:${l.inputSize}->${l.outputSize}`)).toEqual([
      "fc1:dense:784->256",
      "relu1:activation:256->256",
      "dropout1:dropout:256->256",
      "fc2:dense:256->128",
      "relu2:activation:128->128",
      "out:dense:128->10",
    ]);
  });

  it("fills Adam's PyTorch defaults", () => {
    expect(plan?.optimizer.name).toBe("adam");
    expect(plan?.optimizer).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
  });

  it("computes He's gain √2 for ReLU and keeps PyTorch's default for biases", () => {
    const fc1 = plan?.layers[0];
    expect(fc1).toMatchObject({
      weightInit: { kind: "he_normal", mode: "fan_in", gain: Math.SQRT2 },
      biasInit: { kind: "pytorch_default" },
    });
  });

  it("applies layer overrides", () => {
    expect(plan?.layers[3]).toMatchObject({ lrMult: 0.5, wdMult: 1, frozen: false });
  });

  it("evaluates 1/255 and resolves relative data paths against the spec's folder", () => {
    expect(plan?.data?.preprocess).toEqual([
      { kind: "scale", factor: 1 / 255 },
      { kind: "standardize", over: "global", eps: 1e-8 },
    ]);
    expect(plan?.data?.train).toMatchObject({ kind: "idx", images: "/specs/train-images.gz", labels: "/specs/train-labels.gz" });
    expect(plan?.data?.validation).toEqual({ kind: "split", fraction: 0.1 });
    expect(plan?.data).toMatchObject({ classes: 10, task: "classification" });
  });

  it("builds a warm-up then cosine sequence counted in steps", () => {
    expect(plan?.schedules.lr).toEqual({
      kind: "sequence",
      unit: "steps",
      milestones: [500],
      items: [
        { kind: "linear", from: 0.01, to: 1, steps: 500, unit: "steps" },
        { kind: "cosine", T: 8000, min: 1e-5, unit: "steps" },
      ],
    });
  });

  it("fills training defaults and maximizes an accuracy metric", () => {
    expect(plan?.training).toMatchObject({
      epochs: 20,
      steps: undefined,
      batchSize: 128,
      shuffle: true,
      seed: 0,
      precision: "f32",
      accumulate: 1,
      evaluateEvery: { amount: 1, unit: "epochs" },
      checkpointEvery: undefined,
      earlyStopping: { metric: "validation.accuracy", mode: "max", patience: 5, minDelta: 0, restoreBest: true },
      ema: undefined,
      metrics: ["loss", "accuracy", "top_5"],
    });
  });

  it("resolves a regularizer's tensors from `on` and `layers`", () => {
    expect(plan?.training.regularizers).toEqual([{ kind: "l1", lambda: 1e-5, tensors: ["fc1.bias"] }]);
  });

  it("fills sgd's and lbfgs's defaults", () => {
    const sgd = checkText(MINIMAL.replace("adam()", "sgd(0.1)")).plan;
    expect(sgd?.optimizer).toMatchObject({ name: "sgd", lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 });
    const lbfgs = checkText(MINIMAL.replace("adam()", "lbfgs()").replace("epochs = 10", "epochs = 10\n  batch_size = 1000")).plan;
    expect(lbfgs?.optimizer).toMatchObject({ name: "lbfgs", lr: 1, maxIter: 20, maxEval: 25, historySize: 100, lineSearch: "none" });
  });

  it("reads normal(std) with one argument as the standard deviation", () => {
    const p = checkText(MINIMAL.replace("fc1: dense(16)", "fc1: dense(16) { weight_init = normal(0.05) }")).plan;
    expect(p?.layers[0]).toMatchObject({ weightInit: { kind: "normal", mean: 0, std: 0.05 } });
  });

  it("loads every tensor, biases included, from a model-wide checkpoint", () => {
    const p = checkText(
      MINIMAL.replace("input = [2]", 'input = [2]\n  weight_init = from("pre.safetensors")').replace("dense(16)", "linear(16)"),
    );
    expect(p.plan?.initFrom).toBe("/specs/pre.safetensors");
    expect(p.plan?.layers[0]).toMatchObject({
      kind: "dense",
      weightInit: { kind: "from", path: "/specs/pre.safetensors", tensor: "fc1.weight" },
      biasInit: { kind: "from", path: "/specs/pre.safetensors", tensor: "fc1.bias" },
    });
  });

  it("makes a regression plan from csv targets with mse", () => {
    const p = checkText(
      MINIMAL.replace("label = 2", "targets = [2, 3]").replace("out: dense(3)", "out: dense(2)").replace("cross_entropy()", "mse()"),
    ).plan;
    expect(p?.data).toMatchObject({
      task: "regression",
      classes: 2,
      train: { kind: "csv", path: "/specs/data.csv", label: undefined, targets: [2, 3], header: false },
    });
    expect(p?.loss).toEqual({ kind: "mse" });
  });

  it("is undefined when there is an error", () => {
    expect(checkText(MINIMAL.replace("adam()", "adma()")).plan).toBeUndefined();
  });

  it("folds constants that refer to earlier constants, with powers and negation", () => {
    const p = checkText(
      "let base = 2\nlet units = base ^ 4\nlet neg = -units\n" + MINIMAL.replace("dense(16)", "dense(units - neg - 16)"),
    ).plan;
    expect(p?.layers[0].outputSize).toBe(16);
  });
});
