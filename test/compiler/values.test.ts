import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

describe("value diagnostics (NN3xxx)", () => {
  it("NN3001: rejects a string where a number is expected", () => {
    const text = MINIMAL.replace("dense(16)", 'dense("16")');
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3001", '"16"')]);
    expect(d.message).toBe("`units` of `dense` expects an integer, got a string");
  });

  it("NN3001: rejects an enum word outside its choices and suggests the near miss", () => {
    const text = MINIMAL.replace("validation = split(train, 0.1)", "preprocess = [standardize(globl)]");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3001", "globl")]);
    expect(d.suggestions).toEqual(["global"]);
  });

  it("NN3001: rejects a duration without a unit", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = cosine(10) }");
    expectDiagnostics(text, [at(text, "error", "NN3001", "10", 2)]);
  });

  it("NN3001: rejects arithmetic on a string", () => {
    const text = 'let x = "a" * 2\n' + MINIMAL;
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3001", '"a"')]);
    expect(d.message).toBe("expected a number, got a string");
  });

  it("NN3002: rejects dropout p outside [0, 1) and names the range", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  dropout(1.5)\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "1.5")]);
    expect(d.message).toBe("`p` of `dropout` must be in [0, 1), got 1.5");
  });

  it("NN3002: rejects uniform(1, -1), the bounds reversed, at the upper bound (as torch.nn.init.uniform_ does)", () => {
    const text = MINIMAL.replace("dense(16)", "dense(16) { weight_init = uniform(1, -1) }");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "-1")]);
    expect(d.message).toBe("`uniform(a, b)` needs a ≤ b (the lower bound first), got a = 1, b = -1");
    expectDiagnostics(MINIMAL.replace("dense(16)", "dense(16) { weight_init = uniform(-1, 1) }"), []);
  });

  it("NN3002: rejects a non-positive learning rate", () => {
    const text = MINIMAL.replace("adam()", "adam(lr = -0.1)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "-0.1")]);
    expect(d.message).toContain("(0, ∞)");
  });

  it("NN3002: rejects betas outside [0, 1)", () => {
    const text = MINIMAL.replace("adam()", "adam(betas = [0.9, 1.5])");
    expectDiagnostics(text, [at(text, "error", "NN3002", "1.5")]);
  });

  it("NN3003: reports a missing required argument", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  dropout()\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3003", "dropout()")]);
    expect(d.message).toContain("`p`");
  });

  it("NN3004: reports too many positional arguments", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  dropout(0.1, 0.2)\n");
    expectDiagnostics(text, [at(text, "error", "NN3004", "0.2")]);
  });

  it("NN3005: rejects a positional argument after a named one", () => {
    const text = MINIMAL.replace("adam()", "adam(lr = 0.01, 0.9)");
    expectDiagnostics(text, [at(text, "error", "NN3005", "0.9")]);
  });

  it("NN3006: reports division by zero in a constant", () => {
    const text = "let zero = 0\nlet x = 1 / zero\n" + MINIMAL;
    expectDiagnostics(text, [at(text, "error", "NN3006", "1 / zero")]);
  });

  it("keeps epochs in a step-counted schedule for the generated code to convert when steps per epoch are unknown", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = linear(0.1, 1, 100 steps) then cosine(9 epochs) }");
    const { plan, diagnostics } = checkText(text);
    expect(diagnostics).toEqual([]);
    expect(plan?.schedules.lr).toMatchObject({
      kind: "sequence",
      unit: "steps",
      milestones: [100],
      items: [
        { kind: "linear", steps: 100 },
        { kind: "cosine", T: { steps: 0, epochs: 9 } },
      ],
    });
  });

  it("NN3007: an exponential decay `per = epoch` cannot share a schedule counted in steps", () => {
    const text = MINIMAL.replace(
      "epochs = 10",
      "epochs = 10\n  schedule { lr = linear(0.1, 1, 100 steps) then exponential(0.9, per = epoch) }",
    );
    expectDiagnostics(text, [at(text, "error", "NN3007", "exponential(0.9, per = epoch)")]);
  });

  it("converts epochs to steps when the training-set size is known", () => {
    const text = MINIMAL.replace(
      "epochs = 10",
      "epochs = 10\n  batch_size = 100\n  schedule { lr = linear(0.1, 1, 11 steps) then cosine(9 epochs) }",
    );
    const { plan, diagnostics } = checkText(text, { trainSize: 1050 });
    expect(diagnostics).toEqual([]);
    // ceil(1050 / 100) = 11 steps per epoch, so 9 epochs = 99 steps.
    expect(plan?.schedules.lr).toMatchObject({
      kind: "sequence",
      unit: "steps",
      milestones: [11],
      items: [
        { kind: "linear", steps: 11 },
        { kind: "cosine", T: 99 },
      ],
    });
  });

  it("NN3008: rejects Nesterov without momentum, as PyTorch does", () => {
    const text = MINIMAL.replace("adam()", "sgd(lr = 0.1, nesterov = true)");
    expectDiagnostics(text, [at(text, "error", "NN3008", "true")]);
  });

  it("NN3008: rejects Nesterov with dampening", () => {
    const text = MINIMAL.replace("adam()", "sgd(lr = 0.1, momentum = 0.9, dampening = 0.1, nesterov = true)");
    expectDiagnostics(text, [atIn(text, "error", "NN3008", "dampening = 0.1", "0.1")]);
  });

  it("NN3009: rejects amsgrad on sgd, naming the optimizers that accept it", () => {
    const text = MINIMAL.replace("adam()", "sgd(lr = 0.1, amsgrad = true)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3009", "amsgrad")]);
    expect(d.message).toBe("`amsgrad` is not an option of `sgd`; it is accepted by `adam`, `adamw`");
  });

  it("NN3010: a linear ramp needs a length", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = linear(0.1, 1) }");
    expectDiagnostics(text, [at(text, "error", "NN3010", "linear(0.1, 1)")]);
  });

  it("NN3010: every part of a sequence but the last needs a length", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = exponential(0.9) then constant() }");
    expectDiagnostics(text, [at(text, "error", "NN3010", "exponential(0.9)")]);
  });

  it("NN3010: a `for` gives a schedule its length", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = polynomial() for 4 epochs then constant(0.1) }");
    const { plan, diagnostics } = checkText(text);
    expect(diagnostics).toEqual([]);
    expect(plan?.schedules.lr).toMatchObject({
      kind: "sequence",
      unit: "epochs",
      milestones: [4],
      items: [
        { kind: "polynomial", steps: 4, power: 1 },
        { kind: "constant", factor: 0.1 },
      ],
    });
  });

  it("NN3011: rejects a momentum schedule on an optimizer without momentum", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { momentum = exponential(0.9) }");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3011", "momentum")]);
    expect(d.message).toContain("beta1");
  });

  it("NN3012: csv needs exactly one of label and targets", () => {
    const text = MINIMAL.replace('csv("data.csv", label = 2)', 'csv("data.csv")');
    expectDiagnostics(text, [at(text, "error", "NN3012", 'csv("data.csv")')]);
  });

  it("NN3013: rejects arithmetic that overflows to infinity", () => {
    const text = "let big = 10 ^ 400\n" + MINIMAL;
    expectDiagnostics(text, [at(text, "error", "NN3013", "10 ^ 400")]);
  });
});
