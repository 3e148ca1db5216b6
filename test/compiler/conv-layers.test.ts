import { describe, expect, it } from "vitest";
import { summarize } from "../../compiler/summary.ts";
import { MINIMAL, at, checkText, expectDiagnostics } from "./harness.ts";

/** MINIMAL with an image input and the given layers in place of its hidden layers. */
function cnn(layers: string, input = "[1, 12, 12]"): string {
  return MINIMAL.replace("input = [2]", `input = ${input}`).replace("  fc1: dense(16)\n  relu\n", layers.replace(/^/gm, "  ") + "\n");
}

describe("convolutional layers: shapes, parameters and diagnostics", () => {
  it("infers NCHW shapes through conv, pooling and flatten, with PyTorch's output-size formula", () => {
    const text = cnn(
      "c1: conv2d(8, 3, padding = 1)\nrelu\nmaxpool(2)\nc2: conv2d(4, 2, stride = 2, dilation = 2)\navgpool(2, stride = 1)\nflatten",
    );
    const plan = checkText(text).plan!;
    // (6 + 0 − 2·(2 − 1) − 1)/2 + 1 = 2 for c2
    expect(plan.layers.map((l) => l.outputShape)).toEqual([[8, 12, 12], [8, 12, 12], [8, 6, 6], [4, 2, 2], [4, 1, 1], [4], [3]]);
  });

  it("counts conv parameters as filters·(in/groups)·k² + filters and reports FLOPs", () => {
    const text = cnn("c1: conv2d(6, 3, groups = 2)\nglobal_avgpool", "[4, 5, 5]");
    const plan = checkText(text).plan!;
    const rows = summarize(plan).rows;
    expect(rows[0]).toMatchObject({ name: "c1", outputShape: [6, 3, 3], parameters: 6 * 2 * 9 + 6 });
    expect(rows[1]).toMatchObject({ outputShape: [6], parameters: 0 });
    // 2 FLOPs per multiply-add: (in/groups)·k² per output value, 6·3·3 outputs
    expect(plan.flopsPerSample).toBeGreaterThanOrEqual(2 * 2 * 9 * 54);
  });

  it("makes batchnorm after a convolution per channel (BatchNorm2d) with [C] parameters", () => {
    const plan = checkText(cnn("c1: conv2d(5, 3)\nbn: batchnorm\nrelu\nflatten")).plan!;
    expect(plan.layers[1]).toMatchObject({ kind: "batchnorm", features: 5, spatial: 100 });
    expect(summarize(plan).rows[1].parameters).toBe(10);
  });

  it("NN4013: a kernel larger than the padded input is an error on the layer call", () => {
    const text = cnn("conv2d(4, 7, dilation = 2)\nflatten");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4013", "conv2d(4, 7, dilation = 2)")]);
    expect(d.message).toContain("12×12");
  });

  it("NN4013: a pooling window that does not fit is an error", () => {
    const text = cnn("maxpool(13)\nflatten");
    expectDiagnostics(text, [at(text, "error", "NN4013", "maxpool(13)")]);
  });

  it("NN4011: conv2d needs a [channels, height, width] input", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  conv2d(3, 3)\n");
    expectDiagnostics(text, [at(text, "error", "NN4011", "conv2d(3, 3)")]);
  });

  it("NN4012: groups must divide the input channels and the filters", () => {
    const text = cnn("conv2d(6, 3, groups = 4)\nflatten", "[4, 8, 8]");
    expectDiagnostics(text, [at(text, "error", "NN4012", "conv2d(6, 3, groups = 4)")]);
  });

  it("a dense layer after a convolution flattens implicitly", () => {
    const plan = checkText(cnn("conv2d(2, 3)")).plan!;
    expect(plan.layers[1]).toMatchObject({ kind: "dense", inputSize: 200 });
  });
});

describe("augmentation in the data block", () => {
  it("is planned in order with its defaults", () => {
    const text = cnn("conv2d(2, 3)").replace("validation = split(train, 0.1)", "augment = [hflip(), random_crop(2), mixup(alpha = 0.4)]");
    expect(checkText(text).plan!.data!.augment).toEqual([
      { kind: "hflip", p: 0.5 },
      { kind: "random_crop", padding: 2 },
      { kind: "mixup", alpha: 0.4, p: 1 },
    ]);
  });

  it("NN4011: image augmentation needs an image input", () => {
    const text = MINIMAL.replace("validation = split(train, 0.1)", "augment = [hflip()]");
    expectDiagnostics(text, [at(text, "error", "NN4011", "hflip()")]);
  });

  it("NN4014: mixup needs cross_entropy", () => {
    const text = MINIMAL.replace("validation = split(train, 0.1)", "augment = [mixup()]").replace("cross_entropy()", "hinge()");
    expectDiagnostics(text, [at(text, "error", "NN4014", "mixup()")]);
  });
});

describe("test-time views in the data block", () => {
  it("are planned in order", () => {
    const text = cnn("conv2d(2, 3)").replace("validation = split(train, 0.1)", "tta = [hflip(), vflip()]");
    const result = checkText(text);
    expect(result.plan!.data!.views).toEqual([{ kind: "hflip" }, { kind: "vflip" }]);
  });

  it("NN4011: a view needs an image input", () => {
    const text = MINIMAL.replace("validation = split(train, 0.1)", "tta = [hflip()]");
    expectDiagnostics(text, [at(text, "error", "NN4011", "hflip()")]);
  });

  it("takes no probability: a view is always applied", () => {
    const text = cnn("conv2d(2, 3)").replace("validation = split(train, 0.1)", "tta = [hflip(p = 0.5)]");
    const diagnostics = checkText(text).diagnostics.filter((d) => d.severity === "error");
    expect(diagnostics.map((d) => d.message)).toEqual(["`hflip` takes no arguments"]);
  });
});
