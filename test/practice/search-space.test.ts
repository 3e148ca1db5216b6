import { describe, expect, it } from "vitest";
import { analyze } from "../../compiler/index.ts";
import { labelDimensions, substitute } from "../../compiler/search/space.ts";

const spec = (lr: string, units = "8", dropout = "0.1") => `
data {
  train = csv("data.csv", label = 2)
  validation = split(train, 0.2)
}
model {
  input = [2]
  fc1: dense(${units})
  relu
  dropout(${dropout})
  out: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = ${lr})
  epochs = 2
}
`;

const check = (text: string) => analyze(text, { source: "s.nn", baseDir: "/tmp" });
const errors = (text: string) => check(text).diagnostics.filter((d) => d.severity === "error");

describe("distributions in a spec", () => {
  it("accepts distributions whose whole range is valid and reports them as the search space", () => {
    const r = check(spec("loguniform(1e-4, 1e-1)", "int(4, 16)", "uniform(0, 0.5)"));
    expect(errors(spec("loguniform(1e-4, 1e-1)", "int(4, 16)", "uniform(0, 0.5)"))).toEqual([]);
    expect(r.plan).toBeDefined();
    expect(r.searchSpace.map((d) => d.kind).sort()).toEqual(["int", "loguniform", "uniform"]);
  });

  it("rejects a learning-rate range that reaches 0, outside lr's (0, ∞)", () => {
    const es = errors(spec("uniform(0, 0.1)"));
    expect(es.map((d) => d.code)).toEqual(["NN3014"]);
    expect(es[0].message).toContain("(0, ∞)");
  });

  it("rejects a dropout range that leaves [0, 1)", () => {
    expect(errors(spec("0.1", "8", "uniform(0.5, 1.5)")).map((d) => d.code)).toEqual(["NN3014"]);
  });

  it("rejects a continuous distribution for an integer parameter", () => {
    expect(errors(spec("0.1", "uniform(4, 16)"))[0].message).toContain("int(a, b)");
  });

  it("rejects loguniform with a non-positive bound and reversed bounds", () => {
    expect(errors(spec("loguniform(0, 1)")).length).toBe(1);
    expect(errors(spec("loguniform(1, 0.1)")).length).toBe(1);
  });

  it("leaves uniform(...) as a weight initializer alone", () => {
    const text = spec("0.1").replace("fc1: dense(8)", "fc1: dense(8) { weight_init = uniform(-0.1, 0.1) }");
    const r = check(text);
    expect(errors(text)).toEqual([]);
    expect(r.searchSpace).toEqual([]);
  });

  it("labels a distribution by its let name and substitutes it everywhere the constant is used", () => {
    const text =
      `let rate = loguniform(1e-3, 1)\n` +
      spec("rate")
        .replace("epochs = 2", "epochs = 2\n  schedule {\n    lr = constant\n  }")
        .replace("schedule {\n    lr = constant\n  }\n", "");
    const r = check(text);
    const dims = labelDimensions(text, r.searchSpace);
    expect(dims.map((d) => d.label)).toEqual(["rate"]);
    const trial = substitute(text, dims, [0.05]);
    expect(trial).toContain("let rate = 0.05");
    const concrete = check(trial);
    expect(concrete.searchSpace).toEqual([]);
    expect(concrete.plan?.optimizer.lr).toBe(0.05);
  });
});
