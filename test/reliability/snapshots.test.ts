/**
 * `checkpoint_every = N steps` used to keep every numbered snapshot forever (a long run filled the disk).
 * Only the newest `keep_last` (default 5) stay, and `nnc train` says up front how much disk the run
 * folder will take.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(train: string): { dir: string; stderr: string; status: number | null } {
  const spec = syntheticSpec({ epochs: 10, validation: false }).replace("checkpoint_every = 1 epochs", train);
  const dir = runFolder(spec, 200);
  folders.push(dir);
  const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
  return { dir, stderr: r.stderr, status: r.status };
}

describe("numbered snapshots", () => {
  it("checkpoint_every = 2 steps keeps the newest 5 by default (was all 65) and says how much disk the run takes", () => {
    const r = run("checkpoint_every = 2 steps");
    expect(r.status, r.stderr).toBe(0);
    // 200 rows in batches of 16: 13 steps per epoch, 130 steps, a snapshot every 2.
    expect(readdirSync(join(r.dir, "run", "snapshots")).sort()).toEqual([122, 124, 126, 128, 130].map((s) => `step-000${s}.safetensors`));
    expect(r.stderr).toMatch(
      /run will hold about [\d.]+ kB \(checkpoint [\d.]+ kB, training state [\d.]+ kB, 5 snapshots [\d.]+ kB, metrics and report [\d.]+ kB\)/,
    );
  });

  it("keep_last = 2 keeps two, for epoch snapshots too", () => {
    const r = run("checkpoint_every = 1 epochs\n  keep_last = 2");
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(r.dir, "run", "snapshots")).sort()).toEqual(["epoch-0009.safetensors", "epoch-0010.safetensors"]);
    expect(r.stderr).toMatch(/2 snapshots/);
  });

  it("keep_last = 0 is an error with its span", () => {
    const spec = syntheticSpec({ epochs: 1 }).replace("checkpoint_every = 1 epochs", "checkpoint_every = 1 epochs\n  keep_last = 0");
    const dir = runFolder(spec, 10);
    folders.push(dir);
    const r = nnc(["check", join(dir, "spec.nn")]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/spec\.nn:\d+:\d+: error NN3002: .*keep_last/);
  });
});
