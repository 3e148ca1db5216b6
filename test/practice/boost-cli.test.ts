/** `nnc boost` run as a user would, on the spiral (3 classes, 240 training and 60 validation rows, no preprocessing). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc } from "../cli/run.ts";

const spiral = "examples/sweep/spiral.nn";
const out = mkdtempSync(join(tmpdir(), "nnc-boost-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Round {
  round: number;
  seed: number;
  weighted_error: number;
  alpha: number;
  accuracy: number;
  ensemble_accuracy: number | null;
  stopped?: string;
}

describe("nnc boost", () => {
  // Two epochs make weak learners (training accuracy well below 1), which is what boosting needs.
  const run = nnc(["boost", spiral, "--rounds", "3", "--epochs", "2", "--workers", "1", "--json", "--out", join(out, "run")]);
  const summary = run.status === 0 ? JSON.parse(run.stdout) : undefined;
  const rounds: Round[] = summary?.boosting.rounds ?? [];

  it("reports every round's weighted error and SAMME's α = log((1 − err)/err) + log(K − 1)", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(summary.set).toBe("validation");
    expect(summary.rows).toBe(60);
    expect(rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    for (const r of rounds) {
      expect(r.weighted_error).toBeGreaterThan(0);
      expect(r.weighted_error).toBeLessThan(2 / 3);
      expect(r.alpha).toBeCloseTo(Math.log((1 - r.weighted_error) / r.weighted_error) + Math.log(2), 12);
    }
    expect(new Set(rounds.map((r) => r.seed)).size).toBe(3);
  });

  it("evaluates the boosted ensemble: after one round it is that round's network, after the last it is the reported accuracy", () => {
    expect(rounds[0].ensemble_accuracy).toBe(rounds[0].accuracy);
    expect(summary.boosting.ensemble_accuracy).toBe(rounds[2].ensemble_accuracy);
    // Accuracies on 60 rows are multiples of 1/60.
    for (const r of rounds) expect(Math.abs(r.ensemble_accuracy! * 60 - Math.round(r.ensemble_accuracy! * 60))).toBeLessThan(1e-9);
  });

  it("round 1's weighted error (uniform weights) is 1 − its network's accuracy on the training set, as nnc eval measures it", () => {
    const r = nnc(["eval", spiral, "--checkpoint", join(out, "run", "round-01", "checkpoint.safetensors"), "--set", "train", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const evaluated = JSON.parse(r.stdout);
    expect(evaluated.n).toBe(240);
    expect(rounds[0].weighted_error).toBeCloseTo(1 - evaluated.accuracy, 12);
    const validation = JSON.parse(
      nnc(["eval", spiral, "--checkpoint", join(out, "run", "round-01", "checkpoint.safetensors"), "--set", "validation", "--json"]).stdout,
    );
    expect(rounds[0].accuracy).toBeCloseTo(validation.accuracy, 12);
  });

  it("reports bagging with as many members next to it, and writes boost.json and each round's checkpoint", () => {
    expect(summary.bagging.members).toBe(3);
    expect(summary.bagging.member_accuracies).toHaveLength(3);
    expect(summary.bagging.ensemble_accuracy).toBeGreaterThanOrEqual(0);
    expect(summary.bagging.ensemble_accuracy).toBeLessThanOrEqual(1);
    const written = JSON.parse(readFileSync(join(out, "run", "boost.json"), "utf8"));
    expect(written).toEqual({ spec: spiral, ...summary });
    for (const r of ["round-01", "round-02", "round-03"]) expect(existsSync(join(out, "run", r, "checkpoint.safetensors"))).toBe(true);
  });

  it("prints a table of rounds and both ensembles' accuracies", () => {
    const r = nnc(["boost", spiral, "--rounds", "2", "--epochs", "1", "--workers", "1"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^round  seed +weighted error +alpha +member acc +ensemble acc$/m);
    expect(r.stdout.split("\n").filter((l) => /^\s+[12]\s+\d+\s+0\.\d{4}\s+\d+\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}$/.test(l))).toHaveLength(2);
    expect(r.stdout).toMatch(/boosted ensemble \(SAMME, 2 rounds\): validation accuracy \d\.\d{4}/);
    expect(r.stdout).toMatch(/bagged ensemble \(2 bootstrap members, averaged probabilities\): validation accuracy \d\.\d{4}/);
  });

  it("refuses a regression spec", () => {
    const r = nnc(["boost", "examples/bounded-regression.nn", "--rounds", "2"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a classifier/);
  });
});
