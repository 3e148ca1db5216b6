/** The lowering IR's verifier: sound stages pass; a hand-broken stage is rejected with a message naming what disagrees. */
import { describe, expect, it } from "vitest";
import { lower, lowerStages, passes, verify } from "../../compiler/passes/index.ts";
import type { Lowered } from "../../compiler/passes/index.ts";
import type { Plan } from "../../compiler/ir.ts";
import { MINIMAL, checkText } from "../compiler/harness.ts";

function minimalPlan(): Plan {
  const { plan } = checkText(MINIMAL);
  if (plan === undefined) throw new Error("MINIMAL must check");
  return plan;
}

describe("the IR verifier", () => {
  it("accepts every stage of a checked spec, and the passes run in their documented order", () => {
    const stages = lowerStages(minimalPlan());
    expect(stages.map((s) => s.stage)).toEqual(["plan", ...passes.map((p) => p.name)]);
    expect(passes.map((p) => p.name)).toEqual(["layout", "kernel-steps", "buffers"]);
    for (const s of stages) expect(verify(s), s.stage).toEqual([]);
  });

  it("rejects a layer whose input does not chain from the layer before", () => {
    const plan = minimalPlan();
    // MINIMAL: fc1: dense(16), relu, out: dense(3). Make `out` claim 17 inputs.
    const layers = plan.layers.map((l) => (l.name === "out" ? { ...l, inputSize: 17 } : l));
    expect(verify({ stage: "plan", plan: { ...plan, layers } })).toEqual([
      expect.stringMatching(/^layer out takes 17 features but layer \w+ gives 16$/),
    ]);
    expect(() => lower({ ...plan, layers })).toThrow(/the IR after plan is broken:\n {2}layer out takes 17 features/);
  });

  it("rejects overlapping tensors and a float of params that no tensor owns", () => {
    const ir = lower(minimalPlan());
    const tensors = ir.layout.tensors.map((t) => (t.name === "fc1.bias" ? { ...t, offset: t.offset - 1 } : t));
    const problems = verify({ ...ir, layout: { ...ir.layout, tensors } });
    // fc1.weight is [16, 2] at params[0, 32); fc1.bias moved to 31 overlaps it and leaves params[47, 48) unowned.
    expect(problems).toContain("tensors fc1.weight and fc1.bias overlap in params (fc1.bias starts at 31, before 32)");
    expect(problems).toContain("params[47, 48) belongs to no tensor (between fc1.bias and out.weight)");
  });

  it("rejects a tensor that no layer of the model owns", () => {
    const ir = lower(minimalPlan());
    const tensors = ir.layout.tensors.map((t) => (t.name === "out.bias" ? { ...t, layer: "head", name: "head.bias" } : t));
    expect(verify({ ...ir, layout: { ...ir.layout, tensors } })).toContain(
      "tensor head.bias is not owned by a layer of the model (says head)",
    );
  });

  it("rejects arena buffers that overlap or that no one owns", () => {
    const ir: Lowered = lower(minimalPlan());
    const allocations = ir.buffers.allocations.map((a) =>
      a.name === "grads" ? { ...a, offset: a.offset - 16 } : a.name === "gradB" ? { ...a, owner: "unowned" } : a,
    );
    const problems = verify({ ...ir, buffers: { ...ir.buffers, allocations } });
    expect(problems).toContain(
      `buffers params and grads overlap (grads starts at byte ${allocations[1].offset}, before ${allocations[1].offset + 16})`,
    );
    expect(problems).toContain("buffer gradB has no owner");
  });

  it("rejects kernel steps that leave a layer out", () => {
    const ir = lower(minimalPlan());
    // fc1 + relu is one fused step; without the step of `out` the steps end at fc1's 16 features.
    const steps = ir.steps.slice(0, 1);
    expect(verify({ ...ir, steps })).toEqual([
      "the kernel steps cover 2 of 3 layers",
      "the last kernel step gives 16 features but the model's output is 3",
    ]);
  });
});
