import { describe, expect, it } from "vitest";
import { MINIMAL, at, expectDiagnostics } from "./harness.ts";

describe("name diagnostics (NN2xxx)", () => {
  it("NN2001: reports an unknown constant in arithmetic and suggests the near miss", () => {
    const text = "let hidden = 16\n" + MINIMAL.replace("dense(16)", "dense(hiden * 2)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2001", "hiden")]);
    expect(d.message).toContain("did you mean `hidden`?");
    expect(d.suggestions).toEqual(["hidden"]);
  });

  it("NN2001: reports a misspelled constant used as an argument", () => {
    const text = "let hidden = 16\n" + MINIMAL.replace("dense(16)", "dense(hiden)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2001", "hiden")]);
    expect(d.suggestions).toEqual(["hidden"]);
  });

  it("NN2001: suggests `true` for a misspelled boolean", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  shuffle = ture");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2001", "ture")]);
    expect(d.suggestions).toEqual(["true"]);
  });

  it("NN2002: reports an unknown optimizer and suggests `adam` for `adma`", () => {
    const text = MINIMAL.replace("adam()", "adma()");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2002", "adma")]);
    expect(d.message).toBe("unknown optimizer `adma`; did you mean `adam`?");
  });

  it("NN2002: reports an unknown layer", () => {
    const text = MINIMAL.replace("  relu\n", "  rleu\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2002", "rleu")]);
    expect(d.suggestions).toContain("relu");
  });

  it("NN2003: reports an unknown argument name with a suggestion", () => {
    const text = MINIMAL.replace("adam()", "adam(lrr = 0.01)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2003", "lrr")]);
    expect(d.message).toContain("did you mean `lr`?");
  });

  it("NN2004: reports an argument given twice", () => {
    const text = MINIMAL.replace("adam()", "adam(0.01, lr = 0.02)");
    expectDiagnostics(text, [at(text, "error", "NN2004", "lr = 0.02")]);
  });

  it("NN2005: reports an unknown setting key with a suggestion", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  batchsize = 64");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2005", "batchsize")]);
    expect(d.suggestions).toEqual(["batch_size"]);
  });

  it("NN2006: reports a setting given twice", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  epochs = 20");
    expectDiagnostics(text, [at(text, "error", "NN2006", "epochs", 2)]);
  });

  it("NN2007: reports a duplicate layer name", () => {
    const text = MINIMAL.replace("out: dense(3)", "fc1: dense(3)");
    expectDiagnostics(text, [at(text, "error", "NN2007", "fc1", 2)]);
  });

  it("NN2008: reports a constant defined twice", () => {
    const text = "let a = 1\nlet a = 2\n" + MINIMAL;
    expectDiagnostics(text, [at(text, "error", "NN2008", "a", 2)]);
  });

  it("NN2009: rejects a constant that refers to a later one (no forward references, no cycles)", () => {
    const text = "let a = b + 1\nlet b = 2\n" + MINIMAL;
    expectDiagnostics(text, [at(text, "error", "NN2009", "b")]);
  });

  it("NN2009: rejects a constant defined in terms of itself", () => {
    const text = "let a = a * 2\n" + MINIMAL;
    expectDiagnostics(text, [at(text, "error", "NN2009", "a", 2)]);
  });

  it("NN2010: reports an unknown top-level block with a suggestion", () => {
    const text = MINIMAL.replace("train {\n  optimizer", "trian {\n  optimizer");
    const ds = expectDiagnostics(text, [at(text, "error", "NN2010", "trian"), "error NN4001 1:1-1:1"]);
    expect(ds.find((d) => d.code === "NN2010")?.suggestions).toEqual(["train"]);
  });

  it("NN2011: reports a block that appears twice", () => {
    const text = MINIMAL + "train {\n  epochs = 3\n}\n";
    expectDiagnostics(text, [at(text, "error", "NN2011", "train", 4)]);
  });

  it("NN2012: rejects an early-stopping metric on an undeclared set", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  early_stopping { metric = test.loss }");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2012", "test.loss")]);
    expect(d.message).toContain("no `test` set");
  });

  it("NN2012: rejects an unknown metric and suggests the near miss", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  early_stopping { metric = validation.los }");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2012", "validation.los")]);
    expect(d.suggestions).toEqual(["validation.loss"]);
  });

  it("NN2013: rejects regularizing a layer without parameters", () => {
    const text = MINIMAL.replace("  relu\n", "  act: relu\n").replace(
      "epochs = 10",
      "epochs = 10\n  regularize = [l1(1e-4, layers = [act])]",
    );
    expectDiagnostics(text, [at(text, "error", "NN2013", "act", 2)]);
  });

  it("NN2013: rejects regularizing a layer that does not exist", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  regularize = [l1(1e-4, layers = [fc2])]");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2013", "fc2")]);
    expect(d.suggestions).toEqual(["fc1"]);
  });

  it("NN2014: split must split the training set", () => {
    const text = MINIMAL.replace("split(train, 0.1)", "split(test, 0.1)");
    expectDiagnostics(text, [at(text, "error", "NN2014", "test")]);
  });
});
