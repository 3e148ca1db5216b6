/**
 * The commands people script: `nnc eval` falls back to the validation set as its help says, every command
 * that trains several models writes them to a run folder (runs/<spec name>-<command> under the current
 * folder by default, like `nnc train`'s runs/<spec name>, or --out), and train, doctor, sweep and predict
 * have --json.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, repo } from "../reliability/fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "nnc-commands-"));
  folders.push(d);
  return d;
}

const spiralCsv = join(repo, "examples/data/spiral.csv");
// The spiral (300 rows, 3 classes) with a 60-row validation split and no test set.
const spec = (validation: boolean) => `data {
  train = csv(${JSON.stringify(spiralCsv)}, label = 2)
${validation ? "  validation = split(train, 0.2)\n" : ""}}
model {
  input = [2]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 2
  batch_size = 60
  seed = 3
}
`;

/** A folder holding spiral.nn (and no-eval.nn, without validation), where commands run with their defaults. */
function workspace(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "spiral.nn"), spec(true));
  writeFileSync(join(dir, "no-eval.nn"), spec(false));
  return dir;
}

function ok(args: string[], cwd: string) {
  const r = nnc(args, cwd);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

describe("nnc eval without --set", () => {
  const dir = workspace();
  ok(["train", "spiral.nn", "--no-progress"], dir);
  ok(["train", "no-eval.nn", "--no-progress"], dir);

  it("evaluates on the validation set when the spec has no test set, and says so", () => {
    const r = ok(["eval", "spiral.nn", "--checkpoint", "runs/spiral/checkpoint.safetensors"], dir);
    expect(r.stderr).toContain("spiral.nn has no test set: evaluating on the validation set");
    expect(r.stdout).toMatch(/^validation: loss \d+\.\d{4} accuracy \d\.\d{4} \(60 samples\)\n$/);
    const json = JSON.parse(ok(["eval", "spiral.nn", "--checkpoint", "runs/spiral/checkpoint.safetensors", "--json"], dir).stdout) as {
      set: string;
      n: number;
    };
    expect(json).toMatchObject({ set: "validation", n: 60 });
  }, 120_000);

  it("with neither a test nor a validation set, exits 2 and points at --set train", () => {
    const r = nnc(["eval", "no-eval.nn", "--checkpoint", "runs/no-eval/checkpoint.safetensors"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-eval\.nn declares neither a test nor a validation set; evaluate on the training set with --set train/);
    expect(ok(["eval", "no-eval.nn", "--checkpoint", "runs/no-eval/checkpoint.safetensors", "--set", "train"], dir).stdout).toMatch(
      /^train: loss .* \(300 samples\)/,
    );
  }, 120_000);
});

describe("run folders of kfold, bagging and ensemble", () => {
  it("kfold writes each fold's checkpoint and kfold.json to runs/<spec>-kfold, or to --out", () => {
    const dir = workspace();
    ok(["kfold", "spiral.nn", "--folds", "2", "--epochs", "1", "--workers", "1"], dir);
    const out = join(dir, "runs", "spiral-kfold");
    for (const f of ["fold-1", "fold-2"]) expect(existsSync(join(out, f, "checkpoint.safetensors")), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, "kfold.json"), "utf8")) as {
      folds: { fold: number; checkpoint: string }[];
      validation_accuracy: { mean: number };
    };
    expect(summary.folds.map((f) => f.fold)).toEqual([1, 2]);
    expect(summary.folds[0].checkpoint).toBe(join("runs", "spiral-kfold", "fold-1", "checkpoint.safetensors"));
    ok(["kfold", "spiral.nn", "--folds", "2", "--epochs", "1", "--workers", "1", "--out", "elsewhere"], dir);
    expect(existsSync(join(dir, "elsewhere", "kfold.json"))).toBe(true);
  }, 180_000);

  it("bagging writes each member's checkpoint and bagging.json to runs/<spec>-bagging", () => {
    const dir = workspace();
    ok(["bagging", "spiral.nn", "--members", "2", "--epochs", "1", "--workers", "1"], dir);
    const out = join(dir, "runs", "spiral-bagging");
    for (const f of ["member-1", "member-2"]) expect(existsSync(join(out, f, "checkpoint.safetensors")), f).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "bagging.json"), "utf8")).members).toHaveLength(2);
  }, 180_000);

  it("ensemble --seeds trains into runs/<spec>-ensemble; --checkpoints writes a folder only with --out", () => {
    const dir = workspace();
    ok(["ensemble", "spiral.nn", "--seeds", "2", "--epochs", "1", "--workers", "1"], dir);
    const out = join(dir, "runs", "spiral-ensemble");
    const members = readdirSync(out).filter((d) => d.startsWith("seed-"));
    expect(members).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, "ensemble.json"), "utf8")).members).toHaveLength(2);
    const checkpoints = members.map((m) => join(out, m, "checkpoint.safetensors"));
    const other = tempDir();
    ok(["ensemble", join(dir, "spiral.nn"), "--checkpoints", ...checkpoints], other);
    expect(readdirSync(other)).toEqual([]);
    ok(["ensemble", join(dir, "spiral.nn"), "--checkpoints", ...checkpoints, "--out", "result"], other);
    expect(JSON.parse(readFileSync(join(other, "result", "ensemble.json"), "utf8")).set).toBe("validation");
  }, 180_000);
});

describe("--json", () => {
  const dir = workspace();

  it("doctor: each check's status, summary and measurements", () => {
    const r = nnc(["doctor", "spiral.nn", "--only", "loss,overfit", "--json"], dir);
    expect(r.stderr).not.toMatch(/internal error/);
    const doc = JSON.parse(r.stdout) as {
      files: {
        file: string;
        seed: number;
        failed: boolean;
        checks: { check: string; status: string; summary: string; data: Record<string, unknown> }[];
      }[];
    };
    expect(doc.files).toHaveLength(1);
    const [report] = doc.files;
    expect(report).toMatchObject({ file: "spiral.nn", seed: 3 });
    expect(report.checks.map((c) => c.check)).toEqual(["loss", "overfit"]);
    const loss = report.checks[0];
    expect(["pass", "fail"]).toContain(loss.status);
    expect(loss.summary).toMatch(/^initial loss \d\.\d{4} \(expected ln 3 = 1\.0986\)/);
    // The chance level of a 3-class cross-entropy is ln 3.
    expect(loss.data.expected).toBeCloseTo(Math.log(3), 12);
    expect(r.status).toBe(report.failed ? 1 : 0);
  }, 120_000);

  it("sweep: the ranked trials, as results.json holds them", () => {
    const out = tempDir();
    const r = ok(
      ["sweep", join(repo, "examples/sweep/spiral-search.nn"), "--trials", "2", "--epochs", "1", "--workers", "1", "--out", out, "--json"],
      dir,
    );
    const doc = JSON.parse(r.stdout) as { metric: string; rows: { rank: number; values: Record<string, number> }[] };
    expect(doc.metric).toBe("validation.accuracy");
    expect(doc.rows.map((row) => row.rank)).toEqual([1, 2]);
    expect(Object.keys(doc.rows[0].values).sort()).toEqual(["lr", "reg", "units"]);
    expect(doc).toEqual(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
  }, 180_000);

  it("predict: one row per input row, the prediction being the highest score", () => {
    ok(["train", "spiral.nn", "--no-progress"], dir);
    writeFileSync(join(dir, "rows.csv"), "0.1,0.2\n-0.3,0.05\n0.4,-0.4\n");
    const r = ok(["predict", "spiral.nn", "--checkpoint", "runs/spiral/checkpoint.safetensors", "--input", "rows.csv", "--json"], dir);
    const doc = JSON.parse(r.stdout) as { task: string; rows: { prediction: number; scores: number[] }[] };
    expect(doc.task).toBe("classification");
    expect(doc.rows).toHaveLength(3);
    for (const row of doc.rows) {
      expect(row.scores).toHaveLength(3);
      expect(row.scores[row.prediction]).toBe(Math.max(...row.scores));
    }
    // The same numbers as the CSV output (which rounds to 7 significant digits).
    const csv = ok(["predict", "spiral.nn", "--checkpoint", "runs/spiral/checkpoint.safetensors", "--input", "rows.csv"], dir)
      .stdout.trim()
      .split("\n")
      .slice(1);
    expect(csv).toHaveLength(3);
    csv.forEach((line, i) => {
      const [prediction, ...scores] = line.split(",").map(Number);
      expect(prediction).toBe(doc.rows[i].prediction);
      expect(scores).toHaveLength(3);
      scores.forEach((s, j) => expect(Math.abs(s - doc.rows[i].scores[j])).toBeLessThanOrEqual(5e-7 * Math.max(Math.abs(s), 1e-30)));
    });
  }, 120_000);
});
