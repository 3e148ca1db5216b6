import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

const withNoise = (noise: string, extra = "") => MINIMAL.replace("  epochs = 10\n", `  epochs = 10\n  noise = [${noise}]\n${extra}`);

describe("noise = [weight_noise(std), gradient_noise(eta, gamma)]", () => {
  it("plans the perturbed tensors and the paper's defaults (η = 0.3, γ = 0.55)", () => {
    const plan = checkText(withNoise("weight_noise(0.01), gradient_noise()")).plan;
    expect(plan?.training.weightNoise).toEqual({ std: 0.01, tensors: ["fc1.weight", "out.weight"] });
    expect(plan?.training.gradientNoise).toEqual({ eta: 0.3, gamma: 0.55 });
  });

  it("on = all adds the biases; frozen layers are never perturbed", () => {
    const text = withNoise("weight_noise(0.01, on = all)").replace("fc1: dense(16)", "fc1: dense(16) { freeze = true }");
    expect(checkText(text).plan?.training.weightNoise?.tensors).toEqual(["out.weight", "out.bias"]);
  });

  it("covers convolution weights", () => {
    const text = withNoise("weight_noise(0.01)")
      .replace("input = [2]", "input = [1, 4, 4]")
      .replace("fc1: dense(16)", "conv1: conv2d(2, 3)\n  flatten\n  fc1: dense(16)");
    expect(checkText(text).plan?.training.weightNoise?.tensors).toEqual(["conv1.weight", "fc1.weight", "out.weight"]);
  });

  it("leaves specs without noise unchanged (nothing in the plan)", () => {
    const training = checkText(MINIMAL).plan?.training;
    expect(training).not.toHaveProperty("weightNoise");
    expect(training).not.toHaveProperty("gradientNoise");
  });

  it("NN3002: std must be positive and γ non-negative, naming the range", () => {
    const text = withNoise("weight_noise(0), gradient_noise(gamma = -1)");
    const ds = expectDiagnostics(text, [atIn(text, "error", "NN3002", "weight_noise(0)", "0"), at(text, "error", "NN3002", "-1")]);
    expect(ds.map((d) => d.message).join("\n")).toContain("(0, ∞)");
  });

  it("NN2015: each kind of noise at most once", () => {
    const text = withNoise("gradient_noise(), gradient_noise(eta = 1)");
    expectDiagnostics(text, [at(text, "error", "NN2015", "gradient_noise", 2)]);
  });

  it("NN4016: noise needs a mini-batch optimizer, not lbfgs", () => {
    const text = withNoise("weight_noise(0.01)")
      .replace("optimizer = adam()", "optimizer = lbfgs()")
      .replace("train {", "train {\n  batch_size = 1000000");
    const ds = checkText(text).diagnostics.filter((d) => d.code === "NN4016");
    expect(
      ds.map((d) => `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column}-${d.span.end.line}:${d.span.end.column}`),
    ).toEqual([at(text, "error", "NN4016", "weight_noise")]);
  });

  it("NN3016: a noise schedule needs that noise", () => {
    const text = withNoise("weight_noise(0.01)", "  schedule { gradient_noise = linear(1, 0.1, 100 steps) }\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3016", "gradient_noise")]);
    expect(d.message).toContain("noise = [gradient_noise(...)]");
  });

  it("accepts a schedule of the noise that is on", () => {
    expectDiagnostics(withNoise("weight_noise(0.01)", "  schedule { weight_noise = linear(1, 0.1, 100 steps) }\n"), []);
  });

  it("NN2002: an unknown noise suggests the known ones", () => {
    const text = withNoise("weight_nois(0.1)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2002", "weight_nois")]);
    expect(d.message).toContain("weight_noise");
  });
});
