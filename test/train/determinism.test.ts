/** Same seed ⇒ bit-identical run: init, shuffling, dropout and batch norm all flow from the spec's seed. */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "tmp", "determinism");
afterAll(() => rmSync(work, { recursive: true, force: true }));

function train(name: string, ...extra: string[]): Buffer {
  const out = join(work, name);
  execFileSync(
    process.execPath,
    [join(root, "bin/nnc.js"), "train", "examples/layer-zoo.nn", "--epochs", "3", "--out", out, "--no-progress", ...extra],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
  return readFileSync(join(out, "checkpoint.safetensors"));
}

describe("reproducible training", () => {
  it("writes byte-identical checkpoints for two runs with the same seed", () => {
    expect(train("a").equals(train("b"))).toBe(true);
  });
  it("writes different weights for a different seed", () => {
    expect(train("c", "--seed", "5").equals(train("d", "--seed", "6"))).toBe(false);
  });
});
