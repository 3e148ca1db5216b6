import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

describe("lints (NN5xxx)", () => {
  it("NN5001: warns that zero weights never break symmetry", () => {
    const text = MINIMAL.replace("input = [2]", "input = [2]\n  weight_init = zeros()");
    const ds = expectDiagnostics(text, [at(text, "warning", "NN5001", "zeros()"), at(text, "warning", "NN5001", "zeros()")]);
    expect(ds[0].message).toContain("symmetry is never broken");
  });

  it("NN5001: zero biases are fine", () => {
    const text = MINIMAL.replace("input = [2]", "input = [2]\n  bias_init = zeros()");
    expect(checkText(text).diagnostics).toEqual([]);
  });

  it("NN5002: warns about sigmoid in a hidden layer", () => {
    const text = MINIMAL.replace("  relu\n", "  sigmoid\n");
    expectDiagnostics(text, [at(text, "warning", "NN5002", "sigmoid")]);
  });

  it("NN5003: warns about xavier init before ReLU and suggests he", () => {
    const text = MINIMAL.replace("fc1: dense(16)", "fc1: dense(16) { weight_init = xavier_uniform() }");
    const [d] = expectDiagnostics(text, [at(text, "warning", "NN5003", "xavier_uniform()")]);
    expect(d.suggestions).toEqual(["he_uniform()"]);
  });

  it("NN5003: follows the graph: a convolution through batch norm to a ReLU in a block warns, a branch before a merge does not", () => {
    const block = `block basic(c) {
  residual {
    conv1: conv2d(c, 3, padding = 1, bias = false) { weight_init = xavier_normal() }
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
`;
    const text =
      block + MINIMAL.replace("input = [2]", "input = [1, 4, 4]").replace("  fc1: dense(16)\n  relu\n", "  stage: basic(1)\n  flatten\n");
    const [d] = expectDiagnostics(text, [at(text, "warning", "NN5003", "xavier_normal()")]);
    expect(d.message).toContain("`stage.conv1` uses xavier_normal before relu");
    // In list order the other branch's relu comes right after `a`; in the graph, a's only reader is the concat.
    const merged = MINIMAL.replace(
      "  fc1: dense(16)\n  relu\n",
      "  fc1: dense(16)\n  relu\n  mix: concat {\n    branch { a: dense(4) { weight_init = xavier_uniform() } }\n    branch { relu }\n  }\n",
    );
    expect(checkText(merged).diagnostics).toEqual([]);
  });

  it("NN5004: warns about normal(0.01) in a network of five dense layers", () => {
    const layers = "  a: dense(8)\n  relu\n  b: dense(8)\n  relu\n  c: dense(8)\n  relu\n  d: dense(8)\n  relu\n";
    const text = MINIMAL.replace("input = [2]", "input = [2]\n  weight_init = normal(0.01)").replace("  fc1: dense(16)\n  relu\n", layers);
    expectDiagnostics(text, [at(text, "warning", "NN5004", "normal(0.01)")]);
  });

  it("NN5005: warns about an Adam learning rate of 1 (likely a typo)", () => {
    const text = MINIMAL.replace("adam()", "adam(lr = 1)");
    expectDiagnostics(text, [atIn(text, "warning", "NN5005", "adam(lr = 1)", "1")]);
  });

  it("NN5005: accepts the usual SGD learning rate 0.1", () => {
    expect(checkText(MINIMAL.replace("adam()", "sgd(lr = 0.1)")).diagnostics).toEqual([]);
  });

  it("NN5006: warns about dropout right before the loss", () => {
    const text = MINIMAL.replace("out: dense(3)", "out: dense(3)\n  dropout(0.5)");
    expectDiagnostics(text, [at(text, "warning", "NN5006", "dropout(0.5)")]);
  });

  it("NN5007: warns about an l2 term with adam and suggests adamw", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  regularize = [l2(1e-4)]");
    const [d] = expectDiagnostics(text, [at(text, "warning", "NN5007", "l2(1e-4)")]);
    expect(d.suggestions).toEqual(["adamw"]);
  });

  it("NN5008: warns that standardization needs a training set", () => {
    const text = MINIMAL.replace(
      'train = csv("data.csv", label = 2)\n  validation = split(train, 0.1)',
      "preprocess = [standardize(global)]",
    );
    expectDiagnostics(text, [at(text, "warning", "NN5008", "standardize(global)"), at(text, "error", "NN4001", "data")]);
  });
});
