/**
 * The lowering IR of a graph model: the kernel-steps stage wires each step to its producers' buffers and
 * plans the gradient buffers; the verifier rejects a step that reads a buffer no earlier step wrote, a value
 * nobody reads, and a gradient buffer whose contributions are out of order; `--dump-ir` shows the graph.
 */
import { describe, expect, it } from "vitest";
import { dumpIr, lower, lowerStages, verify } from "../../compiler/passes/index.ts";
import { emitBackward } from "../../compiler/codegen/emit-layers.ts";
import type { Plan } from "../../compiler/ir.ts";
import { graphPlan, layersOf, planOf, specText } from "./graph-plans.ts";

/** x → s → add1(a1(s), s) + relu → add2(a2(add1), add1) → out: two residual blocks, the first's output read by both of the second's paths. */
function twoBlocks(): Plan {
  const frame = planOf(specText([4], "f: dense(3)"));
  const l = layersOf([4], "s: dense(4)\na1: dense(4)\na2: dense(4)\nout: dense(3)");
  const relu = layersOf([4], "r: relu")[0];
  return graphPlan(frame, [
    { layer: l[0], from: ["x"] },
    { layer: l[1], from: ["s"] },
    { merge: "add", name: "add1", from: ["a1", "s"] },
    { layer: relu, from: ["add1"] },
    { layer: l[2], from: ["r"] },
    { merge: "add", name: "add2", from: ["a2", "r"] },
    { layer: l[3], from: ["add2"] },
  ]);
}

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
    // Backward meets the add first: it copies into gradAct0 and leaves a's gradient in g; a, the last
    // contributor and differentiated right before s, then adds gradAct0 into g, where s starts from.
    expect(ir.steps[2].inputGrads).toEqual([
      { to: "g" },
      { to: "buffer", buffer: "gradAct0", accumulate: false, final: false, producerAdds: false },
    ]);
    expect(ir.steps[1].inputGrads).toEqual([{ to: "buffer", buffer: "gradAct0", accumulate: true, final: true, producerAdds: false }]);
    expect(ir.steps.map((s) => s.outputGradInG)).toEqual([true, false, false, false]);
    expect(ir.buffers.allocations.find((a) => a.name === "gradAct0")).toMatchObject({
      size: 4 * 4,
      owner: "backward: s: dense 4 → 4 + relu",
    });
  });

  it("asks a step for its input gradient by graph ancestry, not list order", () => {
    // tanh comes after the trainable fc in the list, but reads the input: nothing it reads needs a gradient.
    const plan = planOf(specText([4], "mix: concat {\n  a: branch { fc: dense(4) }\n  branch { tanh }\n}\nout: dense(3)"));
    const ir = lower(plan);
    expect(ir.steps.map((s) => [s.label, s.needsInputGrad])).toEqual([
      ["mix.a.fc: dense 4 → 4", false],
      ["tanh", false],
      ["mix.concat1: concat 4 + 4 → 8", true],
      ["out: dense 8 → 3", true],
    ]);
    expect(ir.steps[2].inputGrads).toEqual([
      { to: "buffer", buffer: "gradAct0", accumulate: false, final: false, producerAdds: false },
      { to: "none" },
    ]);
    expect(ir.steps[0].outputGradInG).toBe(false);
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

  it("rejects a layer that reads a later layer, or none", () => {
    const plan = residual();
    const inputs: Record<string, number[]> = { a: [3], out: [] };
    const broken = { ...plan, layers: plan.layers.map((l) => ({ ...l, inputs: inputs[l.name] ?? l.inputs })) };
    expect(verify({ stage: "plan", plan: broken })).toEqual([
      "layer a reads layer 3, which is not an earlier layer",
      "layer out reads no input",
    ]);
  });

  it("rejects a gradient buffer whose first contribution in backward order adds", () => {
    const ir = lower(residual());
    const steps = ir.steps.map((s) =>
      s.index === 2
        ? {
            ...s,
            inputGrads: [
              s.inputGrads[0],
              { to: "buffer" as const, buffer: "gradAct0", accumulate: true, final: false, producerAdds: false },
            ],
          }
        : s,
    );
    expect(verify({ ...ir, steps })).toContain("gradient buffer gradAct0: only its first contribution may copy");
  });

  it("rejects a sum into g that is not the last contribution, or that the producer does not expect", () => {
    const ir = lower(residual());
    const early = ir.steps.map((s) =>
      s.index === 2
        ? {
            ...s,
            inputGrads: [
              s.inputGrads[0],
              { to: "buffer" as const, buffer: "gradAct0", accumulate: false, final: true, producerAdds: false },
            ],
          }
        : s,
    );
    expect(verify({ ...ir, steps: early })).toContain(
      "step 2 (add1: add 2 × 4) sums gradAct0 into g, but step 0 is not the one differentiated next",
    );
    expect(verify({ ...ir, steps: early })).toContain("gradient buffer gradAct0: step 2 sums it into g before the last contribution");
    const unexpected = ir.steps.map((s) => (s.index === 0 ? { ...s, outputGradInG: false } : s));
    expect(verify({ ...ir, steps: unexpected })).toContain(
      "step 1 (a: dense 4 → 4) sums gradAct0 into g, but step 0 copies the buffer into g",
    );
    const unsummed = ir.steps.map((s) =>
      s.index === 1
        ? { ...s, inputGrads: [{ to: "buffer" as const, buffer: "gradAct0", accumulate: true, final: false, producerAdds: false }] }
        : s,
    );
    expect(verify({ ...ir, steps: unsummed })).toEqual(["step 0 (s: dense 4 → 4 + relu) starts from g, but no step sums gradAct0 into it"]);
    expect(verify(ir)).toEqual([]);
  });

  it("makes one pass for the last contribution: the step before the producer adds the buffer into g", () => {
    const ir = lower(residual());
    const backward = ir.steps.map((s) => emitBackward(s, ir.layout));
    expect(backward[2]).toContain("backward(n, g, this.gradAct0, false);");
    expect(backward[1]).toMatch(/addInto\(this\.gradAct0, 0, g, 0, n \* 4\);$/);
    expect(backward.join("\n")).not.toContain("copyInto(this.gradAct0");
  });

  it("lets a residual merge add its output's buffer itself: the next block's branch leaves its share alone in g", () => {
    const ir = lower(twoBlocks());
    expect(ir.steps.map((s) => s.label)).toEqual([
      "s: dense 4 → 4",
      "a1: dense 4 → 4",
      "add1: add 2 × 4 + relu",
      "a2: dense 4 → 4",
      "add2: add 2 × 4",
      "out: dense 4 → 3",
    ]);
    expect(ir.steps.map((s) => s.addsOutputGrad)).toEqual([false, false, true, false, false, false]);
    expect(ir.steps[3].inputGrads).toEqual([{ to: "buffer", buffer: "gradAct2", accumulate: true, final: true, producerAdds: true }]);
    const backward = ir.steps.map((s) => emitBackward(s, ir.layout));
    expect(backward[3]).not.toContain("gradAct2");
    // The sum, add1's ReLU mask and the hand-over to s's buffer: one call; a1's gradient stays in g.
    expect(backward[2].split("\n").slice(1)).toEqual(["this.add2.sumBackward(n, this.act2, g, this.gradAct2, this.gradAct0, false);"]);
    // s is a dense layer: a1, its next step, still adds s's buffer into g for it.
    expect(backward[1]).toMatch(/addInto\(this\.gradAct0, 0, g, 0, n \* 4\);$/);
    expect(verify(ir)).toEqual([]);
    const unadded = ir.steps.map((s) => (s.index === 2 ? { ...s, addsOutputGrad: false } : s));
    expect(verify({ ...ir, steps: unadded })).toContain(
      "step 3 (a2: dense 4 → 4) leaves its share of gradAct2 alone in g, but step 2 does not add the buffer",
    );
    const twice = ir.steps.map((s) =>
      s.index === 3
        ? { ...s, inputGrads: [{ to: "buffer" as const, buffer: "gradAct2", accumulate: true, final: true, producerAdds: false }] }
        : s,
    );
    expect(verify({ ...ir, steps: twice })).toContain("step 3 (a2: dense 4 → 4) adds gradAct2 into g, but step 2 adds the buffer too");
  });

  it("prints each layer's inputs and each step's buffers in --dump-ir", () => {
    const text = dumpIr(lowerStages(residual()));
    expect(text).toMatch(/add1 +add +\[4\] \+ \[4\] → \[4\]/);
    expect(text).toMatch(/2 +add1: add 2 × 4 +this\.act1 \+ this\.act0 → this\.act2/);
    expect(text).toMatch(/s: dense 4 → 4 \+ relu +x → this\.act0 +fused relu · gradient accumulated in gradAct0/);
  });
});

/** The ResNet of DESIGN18.md: a stem, three basic blocks of 16 channels, three of 32 (the first strided, with a projection). */
const RESNET = `block basic(c, stride = 1) {
  residual(zero_init = true) {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
model {
  input = [1, 28, 28]
  conv1: conv2d(16, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
  layer1: repeat(3, basic(16))
  layer2: repeat(3, basic(32), first = basic(32, stride = 2))
  adaptive_avgpool(1)
  flatten
  fc: dense(10)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1, momentum = 0.9)
  epochs = 1
  batch_size = 64
}
`;

describe("memory of a ResNet's buffers", () => {
  it("shares one buffer among the blocks' shortcut gradients and reports the bytes before and after", () => {
    const ir = lower(planOf(RESNET));
    const gradients = ir.buffers.allocations.filter((a) => a.name.startsWith("gradAct"));
    // The stem's and five blocks' outputs are read twice (branch and shortcut); the projection block's branch
    // output is not next to its add. One such gradient is live at a time, but for the projection block's two.
    expect(gradients).toHaveLength(7);
    expect(gradients.filter((a) => a.sharesWith === undefined)).toHaveLength(2);
    for (const a of gradients.filter((g) => g.sharesWith !== undefined)) {
      const host = gradients.find((g) => g.name === a.sharesWith)!;
      expect(a.offset).toBe(host.offset);
      expect(a.bytes).toBeLessThanOrEqual(host.bytes);
    }
    const { before, after } = ir.buffers.reuse;
    // Five 802,816- or 401,408-float buffers (f32) no longer have memory of their own.
    expect(before - after).toBe(4 * (2 * 802816 + 3 * 401408));
    expect(dumpIr(lowerStages(planOf(RESNET)))).toContain(`activation and gradient buffers ${before} bytes before reuse, ${after} after`);
  });
});
