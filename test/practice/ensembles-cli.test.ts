/** `nnc train` with snapshot_ensemble, `nnc ensemble`, `nnc kfold` and `nnc bagging`, run as a user would. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc } from "../cli/run.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "nnc-ensembles-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The spiral with a 60-row validation split (examples/sweep/spiral.nn); epochs are cut short with --epochs. */
const spiral = "examples/sweep/spiral.nn";
const meanStd = /\d\.\d{4} ± \d\.\d{4}/;

describe("snapshot_ensemble (examples/snapshot-ensemble.nn)", () => {
  const out = tempDir();
  const run = nnc(["train", "examples/snapshot-ensemble.nn", "--out", out]);

  it("saves one snapshot at the end of each 15-epoch cycle of the 60-epoch run", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(out, "snapshots")).sort()).toEqual([
      "epoch-0015.safetensors",
      "epoch-0030.safetensors",
      "epoch-0045.safetensors",
      "epoch-0060.safetensors",
    ]);
  });

  it("reports the averaged snapshots' accuracy on the console and in metrics.json", () => {
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    const se = metrics.snapshot_ensemble;
    expect(se.members).toBe(4);
    expect(se.set).toBe("validation");
    expect(se.member_accuracies).toHaveLength(4);
    expect(se.accuracy).toBeGreaterThan(0.9);
    // The last member is the final model: its accuracy is the last epoch's validation accuracy.
    expect(se.member_accuracies[3]).toBeCloseTo(metrics.epochs.at(-1).val_accuracy, 12);
    expect(run.stdout).toMatch(/snapshot ensemble of 4 snapshots: validation accuracy \d\.\d+/);
  });

  it("matches `nnc ensemble` over the saved snapshots", () => {
    const snapshots = readdirSync(join(out, "snapshots")).map((f) => join(out, "snapshots", f));
    const r = nnc(["ensemble", "examples/snapshot-ensemble.nn", "--checkpoints", ...snapshots, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(summary.ensemble_accuracy).toBeCloseTo(metrics.snapshot_ensemble.accuracy, 12);
    expect(summary.members.map((m: { accuracy: number }) => m.accuracy)).toEqual(
      metrics.snapshot_ensemble.member_accuracies.map((a: number) => expect.closeTo(a, 12)),
    );
  });
});

describe("nnc ensemble --seeds", () => {
  it("trains one member per seed and prints each member, mean ± std and the ensemble", () => {
    const out = tempDir();
    const r = nnc(["ensemble", spiral, "--seeds", "2", "--epochs", "3", "--workers", "1", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^validation accuracy of 2 members \(60 samples\):/);
    expect(r.stdout.match(/checkpoint\.safetensors: \d\.\d{4}/g)).toHaveLength(2);
    expect(r.stdout).toMatch(new RegExp(`members: ${meanStd.source} \\(mean ± std\\)`));
    expect(r.stdout).toMatch(/ensemble \(averaged probabilities\): \d\.\d{4}/);
    expect(readdirSync(out).filter((d) => existsSync(join(out, d, "checkpoint.safetensors")))).toHaveLength(2);
  });

  it("rejects a single checkpoint", () => {
    const r = nnc(["ensemble", spiral, "--checkpoints", "a.safetensors"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/at least two members/);
  });
});

describe("nnc kfold", () => {
  it("trains one model per fold and summarises validation accuracy as mean ± std", () => {
    const r = nnc(["kfold", spiral, "--folds", "3", "--epochs", "2", "--workers", "1", "--out", tempDir()]);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^\s+\d+\s+\d\.\d{4}/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([1, 2, 3]);
    expect(r.stdout).toMatch(new RegExp(`validation accuracy ${meanStd.source}, loss ${meanStd.source} \\(mean ± std over 3 folds\\)`));
  });

  it("--json lists every fold", () => {
    const r = nnc(["kfold", spiral, "--folds", "2", "--epochs", "1", "--workers", "1", "--json", "--out", tempDir()]);
    expect(r.status, r.stderr).toBe(0);
    const folds = JSON.parse(r.stdout).folds;
    expect(folds.map((f: { fold: number }) => f.fold)).toEqual([1, 2]);
    for (const f of folds) expect(f.val_accuracy).toBeGreaterThanOrEqual(0);
  });
});

describe("nnc bagging", () => {
  it("trains N bootstrap members and reports them and the bagged accuracy", () => {
    const r = nnc(["bagging", spiral, "--members", "2", "--epochs", "2", "--workers", "1", "--json", "--out", tempDir()]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.set).toBe("validation");
    expect(summary.members).toHaveLength(2);
    expect(new Set(summary.members.map((m: { seed: number }) => m.seed)).size).toBe(2);
    expect(summary.ensemble_accuracy).toBeGreaterThanOrEqual(0);
    expect(summary.ensemble_accuracy).toBeLessThanOrEqual(1);
  });

  it("prints mean ± std over the members", () => {
    const r = nnc(["bagging", spiral, "--members", "2", "--epochs", "1", "--workers", "1", "--out", tempDir()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`members: ${meanStd.source} \\(mean ± std over 2\\)`));
    expect(r.stdout).toMatch(/bagged ensemble \(averaged probabilities\): \d\.\d{4}/);
  });
});
