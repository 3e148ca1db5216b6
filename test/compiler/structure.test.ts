import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

describe("structure and shape diagnostics (NN4xxx)", () => {
  it("NN4001: a spec without a train block is rejected at the start of the file", () => {
    const text = MINIMAL.slice(0, MINIMAL.indexOf("train {\n  optimizer"));
    const [d] = expectDiagnostics(text, ["error NN4001 1:1-1:1"]);
    expect(d.message).toContain("`train { }`");
  });

  it("NN4001: a model needs a loss, reported on the model block's name", () => {
    const text = MINIMAL.replace("  loss = cross_entropy()\n", "");
    expectDiagnostics(text, [at(text, "error", "NN4001", "model")]);
  });

  it("NN4001: train needs epochs or steps", () => {
    const text = MINIMAL.replace("  epochs = 10\n", "");
    expectDiagnostics(text, [atIn(text, "error", "NN4001", "train {", "train")]);
  });

  it("NN4002: softmax as the last layer before cross_entropy is an error", () => {
    const text = MINIMAL.replace("out: dense(3)", "out: dense(3)\n  softmax");
    expectDiagnostics(text, [at(text, "error", "NN4002", "softmax")]);
  });

  it("NN4002: softmax before hinge or mse is accepted", () => {
    const text = MINIMAL.replace("out: dense(3)", "out: dense(3)\n  softmax").replace("cross_entropy()", "hinge()");
    expect(checkText(text).diagnostics).toEqual([]);
  });

  it("NN4003: conv_transpose2d parses but is not supported yet", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  conv_transpose2d\n");
    expectDiagnostics(text, [at(text, "error", "NN4003", "conv_transpose2d")]);
  });

  it("NN4004: maxout needs a feature count divisible by k", () => {
    const text = MINIMAL.replace("  relu\n", "  maxout(3)\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4004", "maxout(3)")]);
    expect(d.message).toContain("receives 16");
  });

  it("maxout divides the feature count by k", () => {
    const text = MINIMAL.replace("  relu\n", "  maxout(4)\n");
    const { plan } = checkText(text);
    expect(plan?.layers.map((l) => [l.kind, l.inputSize, l.outputSize])).toEqual([
      ["dense", 2, 16],
      ["maxout", 16, 4],
      ["dense", 4, 3],
    ]);
  });

  it("NN4005: the output size must equal `classes`", () => {
    const text = MINIMAL.replace("validation = split(train, 0.1)", "classes = 4");
    expectDiagnostics(text, [at(text, "error", "NN4005", "dense(3)")]);
  });

  it("NN4005: mse needs as many outputs as target columns", () => {
    const text = MINIMAL.replace("label = 2", "targets = [2]").replace("cross_entropy()", "mse()");
    expectDiagnostics(text, [at(text, "error", "NN4005", "dense(3)")]);
  });

  it("NN4005: cross_entropy needs labels, not regression targets", () => {
    const text = MINIMAL.replace("label = 2", "targets = [2]").replace("out: dense(3)", "out: dense(1)");
    expectDiagnostics(text, [at(text, "error", "NN4005", "cross_entropy()")]);
  });

  it("NN4006: epochs and steps together are rejected", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  steps = 100");
    expectDiagnostics(text, [at(text, "error", "NN4006", "steps")]);
  });

  it("NN4007: warns when a cosine schedule is shorter than training", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = cosine(5 epochs) }");
    const [d] = expectDiagnostics(text, [at(text, "warning", "NN4007", "cosine(5 epochs)")]);
    expect(d.message).toContain("5 epochs, shorter than training (10 epochs)");
  });

  it("NN4008: warns that lbfgs with the default mini-batch is not full batch", () => {
    const text = MINIMAL.replace("adam()", "lbfgs()");
    expectDiagnostics(text, [at(text, "warning", "NN4008", "lbfgs()")]);
  });

  it("NN4008: warns when lbfgs's batch is smaller than the known training set", () => {
    const text = MINIMAL.replace("adam()", "lbfgs()").replace("epochs = 10", "epochs = 10\n  batch_size = 100");
    expectDiagnostics(text, [at(text, "warning", "NN4008", "100")], { trainSize: 500 });
    expect(checkText(text, { trainSize: 100 }).diagnostics).toEqual([]);
  });

  it("NN4009: a model without layers is rejected", () => {
    const text = MINIMAL.replace("  fc1: dense(16)\n  relu\n  out: dense(3)\n", "");
    expectDiagnostics(text, [at(text, "error", "NN4009", "model")]);
  });

  it("NN4010: rejects a two-dimensional input shape", () => {
    const text = MINIMAL.replace("input = [2]", "input = [2, 3]");
    expectDiagnostics(text, [at(text, "error", "NN4010", "[2, 3]")]);
  });
});
