/**
 * The lowering IR of a graph model: the kernel-steps stage wires each step to its producers' buffers and
 * plans the gradient buffers; the verifier rejects a step that reads a buffer no earlier step wrote, a value
 * nobody reads, and a gradient buffer whose contributions are out of order; `--dump-ir` shows the graph.
 */
import { describe, expect, it } from "vitest";
import { dumpIr, lower, lowerStages, verify } from "../../compiler/passes/index.ts";
import type { Plan } from "../../compiler/ir.ts";
import { graphPlan, layersOf, planOf, resnet, specText } from "./graph-plans.ts";

/** x → s (dense + relu, fused) → a → add(a, s) → out: s is read twice, so its gradient is accumulated. */
function residual(): Plan {
  const frame = planOf(specText([4], "f: dense(3)"));
  const l = layersOf([4], "s: dense(4)\nsr: relu\na: dense(4)\nout: dense(3)");
  return graphPlan(frame, [
    { layer: l[0], from: ["x"] },
    { layer: l[1], from: ["s"] },
    { layer: l[2], from: ["sr"] },
    { merge: "add", name: "add1", from: ["a", "sr"] },
    { layer: l[3], from: ["add1"] },
  ]);
}

describe("the IR of a graph model", () => {
  it("reads each step's producers' buffers and accumulates the gradient of a value read twice", () => {
    const ir = lower(residual());
    expect(ir.steps.map((s) => [s.label, s.inputs])).toEqual([
      ["s: dense 4 → 4 + relu", ["x"]],
      ["a: dense 4 → 4", ["this.act0"]],
      ["add1: add 2 × 4", ["this.act1", "this.act0"]],
      ["out: dense 4 → 3", ["this.act2"]],
    ]);
    expect(ir.steps.map((s) => s.outputGrad)).toEqual(["gradAct0", undefined, undefined, undefined]);
    // Backward meets the add first: it copies into gradAct0 and leaves a's gradient in g; a then adds its own.
    expect(ir.steps[2].inputGrads).toEqual([{ to: "g" }, { to: "buffer", buffer: "gradAct0", accumulate: false }]);
    expect(ir.steps[1].inputGrads).toEqual([{ to: "buffer", buffer: "gradAct0", accumulate: true }]);
    expect(ir.buffers.allocations.find((a) => a.name === "gradAct0")).toMatchObject({
      size: 4 * 4,
      owner: "backward: s: dense 4 → 4 + relu",
    });
  });

  it("does not fuse a ReLU into a layer another step also reads", () => {
    const frame = planOf(specText([4], "f: dense(3)"));
    const l = layersOf([4], "s: dense(4)\nsr: relu\nout: dense(3)");
    const plan = graphPlan(frame, [
      { layer: l[0], from: ["x"] },
      { layer: l[1], from: ["s"] },
      { merge: "add", name: "add1", from: ["sr", "s"] },
      { layer: l[2], from: ["add1"] },
    ]);
    const ir = lower(plan);
    expect(ir.steps.map((s) => s.fusedRelu)).toEqual([false, false, false, false]);
  });

  it("rejects a step reading a buffer no earlier step wrote, and a value nobody reads", () => {
    const ir = lower(residual());
    const steps = ir.steps.map((s) => (s.index === 1 ? { ...s, inputSteps: [2], inputs: ["this.act2"], input: "this.act2" } : s));
    const problems = verify({ ...ir, steps });
    expect(problems).toContain("step 1 (a: dense 4 → 4) reads step 2, which is not written before it");
    const plan = residual();
    // a reads x and the add reads a twice: s's output (with its fused relu) feeds nothing.
    const rewired: Record<string, number[]> = { a: [-1], add1: [2, 2] };
    const dead = { ...plan, layers: plan.layers.map((l) => ({ ...l, inputs: rewired[l.name] ?? l.inputs })) };
    expect(verify({ stage: "plan", plan: dead })).toEqual([]);
    expect(() => lower(dead)).toThrow("the output of step 0 (s: dense 4 → 4 + relu) is read by no step");
  });

  it("rejects a gradient buffer whose first contribution in backward order adds", () => {
    const ir = lower(residual());
    const steps = ir.steps.map((s) =>
      s.index === 2 ? { ...s, inputGrads: [s.inputGrads[0], { to: "buffer" as const, buffer: "gradAct0", accumulate: true }] } : s,
    );
    expect(verify({ ...ir, steps })).toContain("gradient buffer gradAct0: only its first contribution may copy");
  });

  it("prints each layer's inputs and each step's buffers in --dump-ir", () => {
    const text = dumpIr(lowerStages(residual()));
    expect(text).toMatch(/add1 +add +\[4\] \+ \[4\] → \[4\]/);
    expect(text).toMatch(/2 +add1: add 2 × 4 +this\.act1 \+ this\.act0 → this\.act2/);
    expect(text).toMatch(/s: dense 4 → 4 \+ relu +x → this\.act0 +fused relu · gradient accumulated in gradAct0/);
  });
});

describe("memory of a ResNet's buffers", () => {
  it("shares one buffer among the blocks' shortcut gradients and reports the bytes before and after", () => {
    const ir = lower(resnet(3));
    const shared = ir.buffers.allocations.filter((a) => a.sharesWith !== undefined);
    // Six blocks: the stem's and five blocks' outputs are read twice (branch and shortcut); the projection
    // block's branch output is not next to its add. One gradient buffer is live at a time but for the projection's two.
    expect(ir.steps.filter((s) => s.outputGrad !== undefined)).toHaveLength(7);
    expect(shared).toHaveLength(5);
    const { before, after } = ir.buffers.reuse;
    expect(after).toBeLessThan(before);
    const text = dumpIr(lowerStages(resnet(3)));
    expect(text).toContain(`activation and gradient buffers ${before} bytes before reuse, ${after} after`);
  });
});
