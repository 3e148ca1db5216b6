import { describe, expect, it } from "vitest";
import { MINIMAL, at, checkText, expectDiagnostics } from "./harness.ts";

const sgd = (schedule: string, extra = "") =>
  MINIMAL.replace("adam()", "sgd(lr = 0.1, momentum = 0.5)").replace("epochs = 10", `epochs = 10${extra}\n  schedule { ${schedule} }`);

describe("scheduled hyperparameters stay in range over the whole run", () => {
  it("NN3002: a momentum schedule crossing 1 (1.025 at epoch 7), with the value, where and the course, at the schedule", () => {
    const text = sgd("momentum = linear(1, 2.5, 10 epochs)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "linear(1, 2.5, 10 epochs)")]);
    // momentum 0.5 × factor (1 + 1.5·k/10) crosses 1 at epoch 7 (factor 2.05): 1.025; the last epoch, 9, has 1.175.
    expect(d.message).toBe(
      "`momentum` schedule reaches 1.025 at epoch 7, outside [0, 1) (its values run from 0.5 to 1.175); momentum must stay in [0, 1) over the whole run",
    );
  });

  it("NN3002: a dropout schedule reaching 1.5 names the layer", () => {
    const text = sgd("dropout = linear(1, 3, 5 epochs)").replace("  relu\n", "  relu\n  dropout(0.5)\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "linear(1, 3, 5 epochs)")]);
    // 0.5 × (1 + 2k/5): 0.9 at epoch 2, 1.1 at epoch 3, 1.5 from epoch 5 on.
    expect(d.message).toContain("`dropout` schedule for `dropout1` (p = 0.5) reaches 1.1 at epoch 3");
    expect(d.message).toContain("its values run from 0.5 to 1.5");
  });

  it("NN3002: finds the crossing inside a `then` sequence counted in steps", () => {
    const text = sgd("momentum = linear(1, 1.5, 100 steps) then constant(2.2)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "linear(1, 1.5, 100 steps) then constant(2.2)")]);
    expect(d.message).toContain("reaches 1.1 at step 100");
    expect(d.message).toContain("its values run from 0.5 to 1.1");
  });

  it("NN3002: an exponential growth is followed to the end of the run", () => {
    const text = sgd("momentum = exponential(1.1)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "exponential(1.1)")]);
    // 0.5 × 1.1^k: 0.97 at epoch 7, 1.07 at epoch 8, 1.18 at epoch 9.
    expect(d.message).toContain("reaches 1.07179 at epoch 8");
    expect(d.message).toContain("its values run from 0.5 to 1.17897)");
  });

  it("NN3002: a part given in epochs after steps is located within its part until the data's size is known", () => {
    const text = sgd("momentum = linear(1, 1.5, 100 steps) then linear(1.5, 2.5, 2 epochs)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "linear(1, 1.5, 100 steps) then linear(1.5, 2.5, 2 epochs)")]);
    // The second ramp is 0.75 → 1.25 over 2 epochs: 1 halfway.
    expect(d.message).toContain("reaches 1 50% into its `linear` part");
    expect(d.message).toContain("counting 100 steps per epoch until the data's size is known");
    const known = checkText(text, { trainSize: 640 }).diagnostics[0];
    // 640 rows / batch 32 = 20 steps per epoch: the second ramp, 40 steps from step 100, reaches 1 at its step 20.
    expect(known.message).toContain("reaches 1 at step 120");
    // With 10 steps per epoch the run (100 steps) ends before the second ramp begins: nothing to report.
    expect(checkText(text, { trainSize: 320 }).diagnostics).toEqual([]);
  });

  it("accepts schedules that stay in range", () => {
    expect(checkText(sgd("momentum = linear(1, 1.98, 10 epochs)")).diagnostics).toEqual([]);
    expect(checkText(sgd("lr = cosine(10 epochs)")).diagnostics).toEqual([]);
    expect(checkText(sgd("lr = linear(0.1, 1, 500 steps) then cosine(9 epochs)")).diagnostics).toEqual([]);
  });
});

describe("absolute schedule values with base", () => {
  it("ramps momentum from 0.5 to 0.99 as written when base = 1", () => {
    const { plan, diagnostics } = checkText(sgd("momentum = linear(0.5, 0.99, 10 epochs, base = 1)"));
    expect(diagnostics).toEqual([]);
    expect(plan?.schedules.momentum).toMatchObject({ kind: "linear", from: 0.5, to: 0.99, base: 1 });
  });

  it("checks absolute values against the range too", () => {
    const text = sgd("momentum = linear(0.5, 1.2, 10 epochs, base = 1)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3002", "linear(0.5, 1.2, 10 epochs, base = 1)")]);
    expect(d.message).toContain("reaches 1.06 at epoch 8");
  });
});

describe("schedule length with steps then epochs", () => {
  it("NN4007 tolerates less than an epoch's difference when a schedule mixes steps and epochs", () => {
    // 3200 rows / batch 32 = 100 steps per epoch: 50 + 9 epochs = 950 steps of the 10-epoch run's 1000.
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = linear(0.1, 1, 50 steps) then cosine(9 epochs) }");
    expect(checkText(text, { trainSize: 3200 }).diagnostics).toEqual([]);
    // A whole epoch off is still reported.
    const long = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule { lr = linear(0.1, 1, 250 steps) then cosine(9 epochs) }");
    expectDiagnostics(long, [at(long, "warning", "NN4007", "linear(0.1, 1, 250 steps) then cosine(9 epochs)")], { trainSize: 3200 });
  });
});
