import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const VALID = `data {
  train = csv("data.csv", label = 2)
}
model {
  input = [2]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam()
  epochs = 10
}
`;

/** The data the specs name: 2 features and a class 0..2 (nnc check reads its first rows). */
const DATA = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 3}`).join("\n") + "\n";

describe("nnc check", () => {
  const dir = tempSpecs({
    "data.csv": DATA,
    "ok.nn": VALID,
    "bad.nn": VALID.replace("adam()", "adma()"),
    "warn.nn": VALID.replace("  relu\n", "  sigmoid\n"),
  });

  it("exits 0 and prints the layer table with totals for a clean spec", () => {
    const r = nnc(["check", path.join(dir, "ok.nn")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fc1\s+dense\(16\)\s+\[16\]\s+48/);
    expect(r.stdout).toMatch(/out\s+dense\(3\)\s+\[3\]\s+51/);
    expect(r.stdout).toContain("total parameters: 99");
    expect(r.stdout).toContain("FLOPs per sample (forward): 160");
  });

  it("exits 1 and prints the error with a caret under the misspelled name", () => {
    const file = path.join(dir, "bad.nn");
    const r = nnc(["check", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${file}:12:15: error NN2002: unknown optimizer \`adma\`; did you mean \`adam\`?`);
    expect(r.stdout).toContain("  12 |   optimizer = adma()\n     |               ^~~~");
  });

  it("exits 0 when there are only warnings, and still prints them", () => {
    const r = nnc(["check", path.join(dir, "warn.nn")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("warning NN5002");
  });

  it("exits 1 when any of several files has an error", () => {
    expect(nnc(["check", path.join(dir, "ok.nn"), path.join(dir, "bad.nn")]).status).toBe(1);
  });

  it("exits 2 with a clear message for a missing file", () => {
    const r = nnc(["check", path.join(dir, "nope.nn")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`nnc: ${path.join(dir, "nope.nn")}: file not found`);
  });

  it("exits 2 for a usage error", () => {
    expect(nnc(["check"]).status).toBe(2);
    expect(nnc(["check", "--bogus", path.join(dir, "ok.nn")]).status).toBe(2);
  });

  it("converts epochs to steps with --train-size, which must be a positive integer", () => {
    const mixed = tempSpecs({
      "data.csv": DATA,
      "m.nn": VALID.replace("epochs = 10", "epochs = 10\n  schedule { lr = linear(0.1, 1, 10 steps) then cosine(9 epochs) }"),
    });
    const file = path.join(mixed, "m.nn");
    // Without the data or a size the mix still checks: the generated code converts the epochs once the data is loaded.
    const without = nnc(["check", "--no-data", file]);
    expect(without.stdout).not.toMatch(/error|warning/);
    expect(without.status).toBe(0);
    // With the data's 40 rows (2 steps per epoch) the schedule lasts 10 + 9·2 = 28 steps of the run's 20.
    const fromData = nnc(["check", file]);
    expect(fromData.stdout).toContain("warning NN4007: schedule `lr` lasts 28 steps, longer than training (20 steps)");
    // 320 samples / batch 32 = 10 steps per epoch: 10 + 9·10 = 100 steps = the 10 epochs of training.
    const withSize = nnc(["check", "--train-size", "320", file]);
    expect(withSize.stdout).not.toMatch(/error|warning/);
    expect(withSize.status).toBe(0);
    expect(nnc(["check", "--train-size", "many", file]).status).toBe(2);
  });

  it("prints diagnostics and the summary as JSON with --json", () => {
    const r = nnc(["check", "--json", path.join(dir, "ok.nn"), path.join(dir, "bad.nn")]);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as {
      files: { file: string; diagnostics: Record<string, unknown>[]; summary: { parameters: number; rows: unknown[] } | null }[];
    };
    expect(json.files).toHaveLength(2);
    expect(json.files[0].diagnostics).toEqual([]);
    expect(json.files[0].summary?.parameters).toBe(99);
    expect(json.files[0].summary?.rows).toHaveLength(3);
    expect(json.files[1].summary).toBeNull();
    expect(json.files[1].diagnostics).toEqual([
      {
        code: "NN2002",
        severity: "error",
        message: "unknown optimizer `adma`; did you mean `adam`?",
        line: 12,
        column: 15,
        endLine: 12,
        endColumn: 19,
        suggestions: ["adam"],
      },
    ]);
  });

  it("checks every example cleanly", () => {
    const r = nnc([
      "check",
      "examples/fashion-mlp.nn",
      "examples/xor.nn",
      "examples/cs231n-sgd.nn",
      "examples/optimizers/adam.nn",
      "examples/schedules/one-cycle.nn",
    ]);
    expect(r.stdout).not.toMatch(/error|warning/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("total parameters: 535,818");
  });
});
