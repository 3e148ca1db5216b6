/** `nnc compile --dump-ir`: the lowering IR after each pass, as a user reads it (docs/architecture.md, "The IR and its passes"). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const spec = `data {
  train = csv("train.csv", label = 2)
}
model {
  input = [2]
  hidden: dense(8)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 1
  batch_size = 4
}
`;

/** The lines of one `== stage ... ==` section. */
function section(out: string, stage: string): string[] {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`== ${stage}`));
  expect(start, `section ${stage}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("== "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe("nnc compile --dump-ir", () => {
  it("prints each pass's IR: layers and shapes, tensor offsets, the fused kernel steps, buffer sizes; and writes no module", () => {
    const dir = tempSpecs({ "net.nn": spec });
    const r = nnc(["compile", "--dump-ir", join(dir, "net.nn")]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, "net.nn.ts"))).toBe(false);
    const headings = r.stdout.split("\n").filter((l) => l.startsWith("== "));
    expect(headings.map((h) => h.split(/[ :]/)[1])).toEqual(["plan", "layout", "kernel-steps", "buffers"]);

    const plan = section(r.stdout, "plan");
    // 2·8 + 8 + 8·3 + 3 = 51 parameters.
    expect(plan[0]).toContain("51 parameters");
    expect(plan.find((l) => /^\s+hidden\s+dense/.test(l))).toMatch(/\[2\] → \[8\]/);
    expect(plan.find((l) => /^\s+out\s+dense/.test(l))).toMatch(/\[8\] → \[3\]/);

    // hidden.weight is [8, 2] (PyTorch's [out, in]) at the start of params; out.bias ends it at 51.
    const layout = section(r.stdout, "layout");
    expect(layout.find((l) => l.includes("hidden.weight"))).toMatch(/\[8, 2\]\s+params\[0, 16\)/);
    expect(layout.find((l) => l.includes("out.bias"))).toMatch(/\[3\]\s+params\[48, 51\)/);

    // dense + relu is one step.
    const steps = section(r.stdout, "kernel-steps").filter((l) => l.trim() !== "");
    expect(steps).toHaveLength(2);
    expect(steps[0]).toContain("fused relu");

    // Adam keeps exp_avg and exp_avg_sq, each one float per parameter; a batch of 4 rows of 8 activations.
    const buffers = section(r.stdout, "buffers");
    expect(buffers.find((l) => /^\s+expAvg\s/.test(l))).toMatch(/51 floats .* optimizer$/);
    expect(buffers.find((l) => /^\s+expAvgSq\s/.test(l))).toMatch(/51 floats .* optimizer$/);
    expect(buffers.find((l) => /^\s+act0\s/.test(l))).toMatch(/32 floats/);
    expect(buffers.some((l) => /^arena \d+ bytes$/.test(l))).toBe(true);
  });

  it("--dump-ir=PASS stops after that pass", () => {
    const dir = tempSpecs({ "net.nn": spec });
    const r = nnc(["compile", join(dir, "net.nn"), "--dump-ir=layout"]);
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stdout
        .split("\n")
        .filter((l) => l.startsWith("== "))
        .map((h) => h.split(/[ :]/)[1]),
    ).toEqual(["plan", "layout"]);
  });

  it("names the passes when --dump-ir names none of them", () => {
    const dir = tempSpecs({ "net.nn": spec });
    const r = nnc(["compile", join(dir, "net.nn"), "--dump-ir=fuse"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown pass `fuse` (one of plan, layout, kernel-steps, buffers)");
  });
});
