/**
 * Test-time views in the PyTorch target: the script's evaluation averages the outputs over the images and
 * their mirrors as nnc's does, so `nnc eval` of the script's checkpoint reports the test loss and accuracy
 * the script printed — and the same checkpoint evaluated without the views reports another loss.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, python } from "./python.ts";

afterAll(removeTempSpecs);

const spec = (tta: string) => `data {
  train = csv("train.csv", label = 12)
  test = csv("test.csv", label = 12)
  ${tta}
}
model {
  input = [1, 3, 4]
  conv1: conv2d(3, 3, padding = 1)
  relu
  flatten
  out: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  steps = 20
  batch_size = 8
  seed = 3
}
`;

/** Images whose class depends on which half is brighter, so a mirror changes the outputs. */
function rows(n: number, offset: number): string {
  return (
    Array.from({ length: n }, (_, r) => {
      const pixels = Array.from({ length: 12 }, (_, j) => Math.fround(Math.sin(1.3 * (r + offset) + 0.7 * j) + (j % 4 < 2 ? 0.4 : -0.4)));
      const label = pixels[0] + pixels[4] + pixels[8] > pixels[3] + pixels[7] + pixels[11] ? 1 : 0;
      return [...pixels, label].join(",");
    }).join("\n") + "\n"
  );
}

describe.runIf(hasTorch())("test-time views in the PyTorch target", { timeout: 180_000 }, () => {
  it("evaluates with the views as nnc does", () => {
    const dir = tempSpecs({
      "train.csv": rows(64, 0),
      "test.csv": rows(24, 500),
      "views.nn": spec("tta = [hflip()]"),
      "plain.nn": spec(""),
    });
    const theirs = nnc(["train", "--target", "pytorch", join(dir, "views.nn"), "--python", python, "--out", join(dir, "torch")]);
    expect(theirs.status, theirs.stderr).toBe(0);
    const printed = /test: loss (\S+) accuracy (\S+)/.exec(theirs.stdout);
    expect(printed, theirs.stdout).not.toBeNull();
    const checkpoint = join(dir, "torch", "checkpoint.safetensors");
    const withViews = nnc(["eval", join(dir, "views.nn"), "--checkpoint", checkpoint]);
    expect(withViews.status, withViews.stderr).toBe(0);
    expect(withViews.stdout).toContain(`test: loss ${printed![1]} accuracy ${printed![2]} (24 samples)`);
    const without = nnc(["eval", join(dir, "plain.nn"), "--checkpoint", checkpoint]);
    expect(without.status, without.stderr).toBe(0);
    expect(without.stdout).not.toContain(`test: loss ${printed![1]} `);
  });
});
