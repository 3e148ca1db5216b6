import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, copyFileSync } from "node:fs";
import * as path from "node:path";
import { nnc, repo, tempSpecs, removeTempSpecs } from "../cli/run.ts";
import type { Dimension } from "../../runtime/practice/search/dimension.ts";
import { randomTrials, gridTrials } from "../../runtime/practice/search/sample.ts";
import { edgeWarnings, refineDimension } from "../../runtime/practice/search/refine.ts";

const lr: Dimension = { label: "lr", kind: "loguniform", low: 1e-4, high: 1, values: undefined, integer: false };
const units: Dimension = { label: "units", kind: "choice", low: 16, high: 64, values: [16, 32, 64], integer: true };

describe("search sampling", () => {
  it("draws the same trials for the same seed and different ones for another seed", () => {
    expect(randomTrials([lr, units], 5, 7)).toEqual(randomTrials([lr, units], 5, 7));
    expect(randomTrials([lr, units], 5, 7)).not.toEqual(randomTrials([lr, units], 5, 8));
  });

  it("keeps every sample inside its range", () => {
    for (const [v, u] of randomTrials([lr, units], 200, 1)) {
      expect(v).toBeGreaterThanOrEqual(1e-4);
      expect(v).toBeLessThanOrEqual(1);
      expect([16, 32, 64]).toContain(u);
    }
  });

  it("builds a grid of every choice times the points of each range", () => {
    expect(gridTrials([lr, units], 3)).toHaveLength(9);
  });
});

describe("coarse-to-fine refinement", () => {
  it("narrows a log range around the best values and stays inside the original range", () => {
    const r = refineDimension(lr, [1e-2, 3e-2]);
    expect(r.low).toBeGreaterThanOrEqual(1e-4);
    expect(r.high).toBeLessThanOrEqual(1);
    expect(r.low).toBeLessThanOrEqual(1e-2);
    expect(r.high).toBeGreaterThanOrEqual(3e-2);
    expect(Math.log(r.high / r.low)).toBeLessThan(Math.log(1 / 1e-4) / 4);
  });

  it("keeps only the choices the best trials used", () => {
    expect(refineDimension(units, [32, 64, 64]).values).toEqual([32, 64]);
  });
});

describe("edge warnings", () => {
  it("warns when the best value sits at the upper or lower edge of its range", () => {
    expect(edgeWarnings([lr], [0.9]).map((w) => w.edge)).toEqual(["upper"]);
    expect(edgeWarnings([lr], [1.2e-4]).map((w) => w.edge)).toEqual(["lower"]);
    expect(edgeWarnings([units], [16]).map((w) => w.edge)).toEqual(["lower"]);
  });

  it("stays quiet when the best value is inside its range", () => {
    expect(edgeWarnings([lr, units], [1e-2, 32])).toEqual([]);
  });
});

describe("nnc sweep", () => {
  afterAll(removeTempSpecs);
  // Learning rates too small for 10 epochs: the largest one sampled is best, at the range's upper edge.
  const spec = `
let lr = loguniform(1e-3, 3e-2)
data {
  train = csv("spiral.csv", label = 2)
  validation = split(train, 0.2)
}
model {
  input = [2]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = lr, momentum = 0.9)
  epochs = 10
  batch_size = 60
  seed = 4
}
`;
  const dir = tempSpecs({ "search.nn": spec });
  copyFileSync(path.join(repo, "examples/data/spiral.csv"), path.join(dir, "spiral.csv"));
  const file = path.join(dir, "search.nn");
  const run = (out: string, extra: string[] = []) =>
    nnc(["sweep", file, "--trials", "4", "--workers", "1", "--metric", "validation.loss", "--out", path.join(dir, out), ...extra]);

  it("warns that the best learning rate is at the upper edge of a too-low range", () => {
    const r = run("a");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: best lr = \S+ is at the upper edge of loguniform/);
    const rows = JSON.parse(readFileSync(path.join(dir, "a", "results.json"), "utf8")).rows as {
      values: { lr: number };
      val_loss: number;
    }[];
    expect(rows).toHaveLength(4);
    expect(rows[0].values.lr).toBe(Math.max(...rows.map((x) => x.values.lr)));
    expect(readFileSync(path.join(dir, "a", "results.csv"), "utf8").split("\n")[0]).toContain("lr");
  });

  it("gives identical results for the same seed", () => {
    const strip = (out: string) =>
      (JSON.parse(readFileSync(path.join(dir, out, "results.json"), "utf8")).rows as Record<string, unknown>[]).map(
        ({ seconds: _s, ...rest }) => rest,
      );
    expect(run("b").status).toBe(0);
    expect(strip("b")).toEqual(strip("a"));
  });

  it("narrows the ranges on --refine and searches again", () => {
    const r = run("c", ["--trials", "6", "--refine", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(path.join(dir, "c", "results.json"), "utf8")) as {
      rounds: { low: number; high: number }[][];
      rows: unknown[];
    };
    expect(result.rows).toHaveLength(12);
    const [first, second] = result.rounds.map((round) => round[0]);
    expect(Math.log(second.high / second.low)).toBeLessThan(Math.log(first.high / first.low));
  });

  it("refuses to train a search space and points to nnc sweep", () => {
    const r = nnc(["train", file, "--out", path.join(dir, "t")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is a search space");
    expect(r.stderr).toContain("nnc sweep");
  });

  it("runs trials on worker threads with the same results as in one thread", () => {
    expect(run("one").status).toBe(0);
    const r = run("d", ["--workers", "2"]);
    expect(r.status, r.stderr).toBe(0);
    const a = JSON.parse(readFileSync(path.join(dir, "one", "results.json"), "utf8")).rows.map((x: { val_loss: number }) => x.val_loss);
    const d = JSON.parse(readFileSync(path.join(dir, "d", "results.json"), "utf8")).rows.map((x: { val_loss: number }) => x.val_loss);
    expect(d).toEqual(a);
  });
});
