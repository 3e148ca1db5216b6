/**
 * A spec without a `data { }` block is valid (a TypeScript program passes its own data to train()), but
 * the commands that read data must say what to add rather than fail with an internal error.
 */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const NO_DATA = `model {
  input = [4]
  fc1: dense(8)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 2
  batch_size = 16
}
`;

describe("a spec with no data block", () => {
  const dir = tempSpecs({ "nodata.nn": NO_DATA });
  const file = path.join(dir, "nodata.nn");

  it("checks clean, with a note that the data commands need a data block", () => {
    const r = nnc(["check", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`note: ${file} has no data block`);
  });

  it("nnc train exits 1 with what to add (a CSV source fitting the 4 inputs), not an internal error", () => {
    const r = nnc(["train", file, "--out", path.join(dir, "run"), "--no-progress"]);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file} has no data block, so \`nnc train\` has no data to work on`);
    // One line, and the example is a block that parses as written (semicolons separate statements).
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(
      '`data { train = csv("train.csv", label = 4, header = true); validation = split(train, 0.1) }` (4 feature columns, then the label)',
    );
    const example = /`(data \{.*?\})` \(4 feature columns/.exec(r.stderr)![1];
    expect(parse(`${example}\n${NO_DATA}`).diagnostics).toEqual([]);
  });

  it.each([["eval", "--checkpoint", "none.safetensors"], ["doctor"], ["lr-find"], ["kfold"]])(
    "nnc %s says the same",
    (command, ...rest) => {
      const r = nnc([command, file, ...rest]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`has no data block, so \`nnc ${command}\``);
    },
  );
});
