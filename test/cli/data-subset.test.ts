/** `limit` / `fraction` on a data source, run as a user would: the subset applies to the set it is written on. */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, repo, tempSpecs } from "./run.ts";
import { analyze } from "../../compiler/index.ts";
import { rawData } from "../../cli/practice/data.ts";
import { loadSpecModule } from "../../cli/spec-module.ts";

afterAll(removeTempSpecs);

// The spiral: 300 rows, 100 of each of 3 classes, sorted by class.
const spiral = join(repo, "examples/data/spiral.csv");

function spec(train: string, test: string): string {
  return `data {
  train = ${train}
  validation = split(train, 0.2)
  test = ${test}
}
model {
  input = [2]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 1e-2)
  epochs = 1
  batch_size = 16
  seed = 3
}
`;
}

describe("nnc train with a data subset", () => {
  it("limit on train: the split is carved from the 90 kept rows, the test set stays whole", () => {
    const dir = tempSpecs({
      "s.nn": spec(`csv(${JSON.stringify(spiral)}, label = 2, limit = 90)`, `csv(${JSON.stringify(spiral)}, label = 2)`),
    });
    const r = nnc(["train", join(dir, "s.nn"), "--out", join(dir, "run")]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("train 72 rows, validation 18, test 300");
    expect(r.stdout).toMatch(/test: loss \d\.\d{4} accuracy \d\.\d{4} \(300 samples\)/);
  });

  it("fraction on test subsets only the test set", () => {
    const dir = tempSpecs({
      "s.nn": spec(`csv(${JSON.stringify(spiral)}, label = 2)`, `csv(${JSON.stringify(spiral)}, label = 2, fraction = 0.1)`),
    });
    const r = nnc(["train", join(dir, "s.nn"), "--out", join(dir, "run")]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("train 240 rows, validation 60, test 30");
  });

  it("a limit above the file's rows is a data error naming the file", () => {
    const dir = tempSpecs({
      "s.nn": spec(`csv(${JSON.stringify(spiral)}, label = 2, limit = 301)`, `csv(${JSON.stringify(spiral)}, label = 2)`),
    });
    const r = nnc(["train", join(dir, "s.nn"), "--out", join(dir, "run")]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(spiral);
    expect(r.stderr).toContain("limit = 301 asks for more rows than the data set has (300)");
  });

  it("kfold and bagging (rawData) keep the same stratified subset: 90 rows, 30 per class", () => {
    const text = spec(`csv(${JSON.stringify(spiral)}, label = 2, limit = 90)`, `csv(${JSON.stringify(spiral)}, label = 2)`);
    const { plan } = analyze(text, { source: "s.nn", baseDir: repo });
    const whole = rawData(plan!).whole;
    expect(whole.n).toBe(90);
    const perClass = [0, 1, 2].map((c) => Array.from(whole.labels!).filter((l) => l === c).length);
    expect(perClass).toEqual([30, 30, 30]);
  });
});

describe("the generated loadData with a data subset", () => {
  it("keeps a stratified subset seeded by the spec: 30 rows per class across train and validation, the same rows on every load", async () => {
    const dir = tempSpecs({
      "s.nn": spec(`csv(${JSON.stringify(spiral)}, label = 2, limit = 90)`, `csv(${JSON.stringify(spiral)}, label = 2)`),
    });
    const { module } = await loadSpecModule(join(dir, "s.nn"), join(dir, "module"));
    const a = await module.loadData();
    const labels = [...a.train.labels!, ...a.validation!.labels!];
    expect([0, 1, 2].map((c) => labels.filter((l) => l === c).length)).toEqual([30, 30, 30]);
    const b = await module.loadData();
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    expect(a.test!.n).toBe(300);
  });
});
