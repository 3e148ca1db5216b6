/**
 * The on_nan policy through the CLI. A training row that overflows float32 inside the model makes the gradients of every batch
 * that holds it non-finite: `stop` ends the run naming step, tensor and learning rate and leaves the last
 * checkpoint as it was; `skip_batch` finishes the run without that batch; `restore_last` reloads the last
 * checkpoint with a halved learning rate, and stops after its limit of restores.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticCsv, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Finite in float32 (a CSV value beyond its range is a data error), but with fc1's weights fixed at 1
 * each hidden unit sums four of them, 1.4e39, which overflows to +Infinity; the output layer then adds
 * +Infinity and −Infinity terms, so the batch holding this row has a NaN loss and NaN gradients.
 */
const poisonRow = "3.4e38,3.4e38,3.4e38,3.4e38,1\n";
const poisoned = syntheticCsv(100) + poisonRow;

function setup(policy: string | undefined, csv: string): string {
  const spec = syntheticSpec({
    epochs: 3,
    optimizer: "sgd(lr = 0.05)",
    validation: false,
    train: policy ? `  on_nan = ${policy}\n` : "",
  }).replace("fc1: dense(16)", "fc1: dense(16) { weight_init = constant(1) }");
  const dir = runFolder(spec, 100);
  writeFileSync(join(dir, "train.csv"), csv);
  folders.push(dir);
  return dir;
}

describe("on_nan", () => {
  it("stop (the default) names step, tensor and learning rate and leaves the last checkpoint intact", () => {
    const dir = setup(undefined, syntheticCsv(100));
    const out = join(dir, "run");
    expect(nnc(["train", join(dir, "spec.nn"), "--out", out, "--epochs", "2", "--no-progress"]).status).toBe(0);
    const before = [readFileSync(join(out, "checkpoint.safetensors")), readFileSync(join(out, "training-state.safetensors"))];
    // The same 100 rows with the last one replaced by the poisoned row (the data order still fits the state).
    writeFileSync(
      join(dir, "train.csv"),
      syntheticCsv(100)
        .trimEnd()
        .replace(/\n[^\n]*$/, "\n" + poisonRow),
    );
    const r = nnc(["train", join(dir, "spec.nn"), "--resume", out, "--no-progress"]);
    expect(r.status).toBe(1);
    const last = r.stderr.trim().split("\n").at(-1)!;
    expect(last).toMatch(/^nnc: training diverged: (loss \S+|a parameter became NaN or Inf) at step \d+ \(epoch 3\)/);
    expect(last).toMatch(/first non-finite tensor: \w+\.(weight|bias)/);
    expect(last).toContain("learning rate 0.05");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, "checkpoint.safetensors")).equals(before[0])).toBe(true);
    expect(readFileSync(join(out, "training-state.safetensors")).equals(before[1])).toBe(true);
  });

  it("skip_batch drops the batches whose loss is not finite and finishes the run", () => {
    const dir = setup("skip_batch", poisoned);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/on_nan: skipped a batch/g)?.length).toBe(3); // the poisoned row is in one batch per epoch
    const metrics = JSON.parse(readFileSync(join(dir, "run", "metrics.json"), "utf8")) as { epochs: { train_loss: number }[] };
    expect(metrics.epochs.every((e) => Number.isFinite(e.train_loss))).toBe(true);
  });

  it("restore_last reloads the last checkpoint at half the learning rate, and stops after five restores", () => {
    const dir = setup("restore_last", poisoned);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    const restores = r.stderr.match(/on_nan: restored the checkpoint of epoch 0 .*learning rate ×([0-9.]+)/g) ?? [];
    expect(restores.map((l) => l.split("×")[1])).toEqual(["0.5", "0.25", "0.125", "0.0625", "0.03125"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/training diverged: .*on_nan = restore_last: already restored 5 times/);
  });

  it("rejects an unknown policy with a diagnostic", () => {
    const dir = setup("retry", syntheticCsv(10));
    const r = nnc(["check", join(dir, "spec.nn")]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/on_nan[\s\S]*(stop|skip_batch|restore_last)|retry/);
  });
});
