/**
 * on_nan = skip_batch with a diverging learning rate, through the CLI: the run must not report fake
 * results. An epoch in which every batch was skipped has null train metrics (it used to record
 * `train_loss 0, acc 0`) and says so; a non-finite validation loss is a fault (it used to be recorded as
 * NaN, epoch after epoch); a run that skipped more than half its batches exits 1 (it used to exit 0).
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticCsv, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(lr: number, epochs: number, validation: boolean): string {
  const dir = runFolder(
    syntheticSpec({ epochs, optimizer: `sgd(lr = ${lr}, momentum = 0.9)`, validation, train: "  on_nan = skip_batch\n" }),
    200,
  );
  folders.push(dir);
  return dir;
}

interface Epoch {
  train_loss: number | null;
  train_accuracy: number | null;
  skipped_batches?: number;
}

describe("on_nan = skip_batch with a diverging learning rate", () => {
  it("gives an epoch with no trained batch null train metrics, says so, and fails a run that skipped most batches", () => {
    const dir = setup(30000, 7, false);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(1);
    const metrics = JSON.parse(readFileSync(join(dir, "run", "metrics.json"), "utf8")) as {
      epochs: Epoch[];
      skipped_batches: number;
      batches_tried: number;
    };
    const batchesPerEpoch = Math.ceil(200 / 16);
    const empty = metrics.epochs.filter((e) => e.train_loss === null);
    expect(empty.length).toBeGreaterThan(0);
    for (const e of empty) expect(e).toMatchObject({ train_accuracy: null, skipped_batches: batchesPerEpoch });
    expect(metrics.epochs.some((e) => e.train_loss === 0 || e.train_accuracy === 0)).toBe(false);
    expect(metrics.skipped_batches).toBe(metrics.epochs.reduce((s, e) => s + (e.skipped_batches ?? 0), 0));
    expect(metrics.batches_tried).toBe(7 * batchesPerEpoch);
    expect(r.stderr).toMatch(/epoch \d+: no batch trained \(on_nan = skip_batch skipped all 13\)/);
    expect(r.stderr.trim().split("\n").at(-1)).toBe(
      `nnc: on_nan = skip_batch skipped ${metrics.skipped_batches} of ${metrics.batches_tried} batches (more than half): this is not a trained model. ` +
        "Lower the learning rate, add gradient clipping (clip_grad_norm), or check the input scaling.",
    );
  });

  it("stops at a non-finite validation loss instead of recording it", () => {
    const dir = setup(1000, 20, true);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(1);
    const last = r.stderr.trim().split("\n").at(-1)!;
    expect(last).toMatch(/^nnc: training diverged: validation loss (NaN|Infinity) at step \d+ \(epoch \d+\)/);
    expect(last).toContain("on_nan = skip_batch: the weights give a non-finite validation loss, which skipping a batch cannot undo");
    expect(r.stderr).not.toMatch(/val loss (NaN|Infinity)/);
  });

  it("still exits 0 when it skipped a few batches, and says how many", () => {
    // One row overflows float32 inside the model (see on-nan.test.ts): the batch holding it is skipped once per epoch.
    const spec = syntheticSpec({ epochs: 3, optimizer: "sgd(lr = 0.05)", validation: false, train: "  on_nan = skip_batch\n" }).replace(
      "fc1: dense(16)",
      "fc1: dense(16) { weight_init = constant(1) }",
    );
    const dir = runFolder(spec, 100, { "train.csv": syntheticCsv(100) + "3.4e38,3.4e38,3.4e38,3.4e38,1\n" });
    folders.push(dir);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    const batches = 3 * Math.ceil(101 / 16);
    expect(r.stderr).toContain(`on_nan = skip_batch skipped 3 of ${batches} batches`);
    const metrics = JSON.parse(readFileSync(join(dir, "run", "metrics.json"), "utf8")) as {
      epochs: Epoch[];
      skipped_batches: number;
      batches_tried: number;
    };
    expect(metrics).toMatchObject({ skipped_batches: 3, batches_tried: batches });
    expect(metrics.epochs.map((e) => e.skipped_batches)).toEqual([1, 1, 1]);
  });
});
