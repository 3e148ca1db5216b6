/** `nnc doctor` and `nnc lr-find` as a user runs them. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { spiralSpec } from "./specs.ts";

afterAll(removeTempSpecs);

describe("nnc doctor", () => {
  it("passes every check on a sound spec and exits 0", () => {
    const dir = tempSpecs({ "ok.nn": spiralSpec({ outInit: "normal(0.05)", optimizer: "sgd(lr = 0.003, momentum = 0.9)" }) });
    const r = nnc(["doctor", join(dir, "ok.nn"), "--overfit-steps", "2000"]);
    expect(r.stdout).not.toMatch(/\[FAIL\]/);
    expect(r.stdout.match(/\[PASS\]/g)).toHaveLength(5);
    expect(r.status).toBe(0);
  });

  it("fails the ln(C) check of a mis-scaled model and the ratio check of a tiny learning rate, exiting 1", () => {
    const dir = tempSpecs({ "bad.nn": spiralSpec({ outInit: "normal(50)", optimizer: "sgd(lr = 1e-8)" }) });
    const r = nnc(["doctor", join(dir, "bad.nn"), "--only", "loss,ratio"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\[FAIL\] initial loss .* \(expected ln 3 = 1\.0986\)/);
    expect(r.stdout).toMatch(/\[FAIL\] update\/weight ratio.*raise the learning rate/);
  });

  it("rejects an unknown check name", () => {
    const r = nnc(["doctor", "examples/xor.nn", "--only", "vibes"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown check "vibes"/);
  });
});

describe("nnc lr-find", () => {
  it("prints the curve and a suggestion and saves the plot", () => {
    const dir = tempSpecs({ "s.nn": spiralSpec({ optimizer: "sgd(lr = 0.1)" }) });
    const r = nnc(["lr-find", join(dir, "s.nn"), "--iterations", "60", "--out", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/suggested lr \d/);
    for (const f of ["lr-find.svg", "lr-find.png", "lr-find.json"]) expect(existsSync(join(dir, f))).toBe(true);
  });

  it("refuses an L-BFGS spec with a usage error saying it needs a first-order optimizer (its model has no per-batch update)", () => {
    const r = nnc(["lr-find", "examples/optimizers/lbfgs.nn", "--out", tempSpecs({})]);
    expect(r.stderr).not.toMatch(/TypeError|internal error|\n\s+at /);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      "nnc: examples/optimizers/lbfgs.nn: lr-find needs a first-order optimizer (sgd, adam, …), which steps once per mini-batch; this spec's lbfgs takes one full-batch step per epoch and chooses its step size by line search",
    );
  });
});
