/** The PyTorch target refuses, with NN4020 at the spec text that asks for it, what its script cannot do yet. */
import { describe, expect, it } from "vitest";
import { compilePyTorch } from "../../compiler/pytorch/index.ts";
import { at, describeDiagnostic, MINIMAL } from "./harness.ts";

function pytorchDiagnostics(text: string): string[] {
  const r = compilePyTorch(text, { source: "test.nn", baseDir: "/specs" });
  if (r.diagnostics.some((d) => d.code === "NN4020")) expect(r.code).toBeUndefined();
  return r.diagnostics.map(describeDiagnostic).sort();
}

describe("pytorch target: constructs it cannot express yet", () => {
  it("compiles the minimal spec with no diagnostics", () => {
    const r = compilePyTorch(MINIMAL, { source: "test.nn", baseDir: "/specs" });
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain("class Model(nn.Module):");
  });

  it("takes a momentum schedule", () => {
    const text = MINIMAL.replace(
      "optimizer = adam()",
      "optimizer = sgd(lr = 0.1, momentum = 0.9)\n  schedule {\n    momentum = linear(0.5, 0.9, 5 epochs)\n  }",
    );
    expect(pytorchDiagnostics(text)).toEqual([]);
  });

  it("takes augmentation, label mixing included", () => {
    const text = MINIMAL.replace(
      "validation = split(train, 0.1)",
      "validation = split(train, 0.1)\n  augment = [gaussian_noise(0.1), mixup(0.2)]",
    );
    expect(pytorchDiagnostics(text)).toEqual([]);
  });

  it("rejects on_nan recovery at its setting", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  on_nan = skip_batch");
    expect(pytorchDiagnostics(text)).toEqual([at(text, "error", "NN4020", "on_nan")]);
  });

  it("takes reduce_on_plateau", () => {
    const text = MINIMAL.replace("epochs = 10", "epochs = 10\n  schedule {\n    lr = reduce_on_plateau(metric = validation.loss)\n  }");
    expect(pytorchDiagnostics(text)).toEqual([]);
  });

  it("rejects L-BFGS at the optimizer call", () => {
    const text = MINIMAL.replace("optimizer = adam()", "optimizer = lbfgs()").replace("epochs = 10", "epochs = 10\n  batch_size = 1000");
    expect(pytorchDiagnostics(text)).toEqual([at(text, "error", "NN4020", "lbfgs()")]);
  });

  it("rejects a layer named training at its name", () => {
    const text = MINIMAL.replace("fc1: dense(16)", "training: dense(16)");
    expect(pytorchDiagnostics(text)).toEqual([at(text, "error", "NN4020", "training")]);
  });
});
