/**
 * A checkpoint whose weights are NaN (saved from a diverged model, or tampered with) is refused by
 * `nnc eval`, `nnc predict` and `--init` with the tensor's name — `nnc eval` used to print `loss NaN` and
 * exit 0.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/checkpoint/read.ts";
import { writeSafetensors } from "../../runtime/checkpoint/write.ts";
import { nnc, runFolder, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("a checkpoint full of NaN", () => {
  it("is refused by eval, predict and --init, naming the tensor", () => {
    const dir = runFolder(syntheticSpec({ epochs: 1, hidden: 4 }), 40);
    folders.push(dir);
    const run = join(dir, "run");
    expect(nnc(["train", join(dir, "spec.nn"), "--out", run, "--no-progress"]).status).toBe(0);
    const good = readSafetensors(join(run, "checkpoint.safetensors"));
    const tensors = new Map(good.tensors);
    const w = tensors.get("out.weight")!;
    tensors.set("out.weight", { ...w, data: new Float32Array(w.data.length).fill(NaN) });
    const nanFile = join(dir, "nan.safetensors");
    writeSafetensors(nanFile, tensors, { format: "pt" });

    const expected =
      /^nnc: checkpoint error: .*nan\.safetensors: tensor out\.weight holds 12 of 12 values that are NaN or infinite \(the first at index 0: NaN\)/;
    const evaluated = nnc(["eval", join(dir, "spec.nn"), "--checkpoint", nanFile, "--set", "validation"]);
    expect(evaluated.status, evaluated.stderr).toBe(1);
    expect(evaluated.stdout).not.toMatch(/NaN/);
    expect(evaluated.stderr.trim().split("\n").at(-1)).toMatch(expected);

    writeFileSync(join(dir, "rows.csv"), "0.1,0.2,0.3,0.4\n");
    const predicted = nnc(["predict", join(dir, "spec.nn"), "--checkpoint", nanFile, "--input", join(dir, "rows.csv")]);
    expect(predicted.status).toBe(1);
    expect(predicted.stderr.trim().split("\n").at(-1)).toMatch(expected);

    const init = nnc(["train", join(dir, "spec.nn"), "--init", nanFile, "--out", join(dir, "run2"), "--no-progress"]);
    expect(init.status).toBe(1);
    expect(init.stderr.trim().split("\n").at(-1)).toMatch(expected);

    // The same file with finite weights evaluates.
    expect(nnc(["eval", join(dir, "spec.nn"), "--checkpoint", join(run, "checkpoint.safetensors"), "--set", "validation"]).status).toBe(0);
  });
});
