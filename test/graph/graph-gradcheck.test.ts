/**
 * Float64 finite-difference checks of the generated backward pass of graph models: fan-out (a value read by
 * several steps, whose gradient is accumulated), `add` (identity and projection residuals), `concat` (maps
 * by channel, flat features), a value read three times, and a value added to itself. Every graph has
 * trainable layers before its fan-out, so the accumulated gradient flows on into checked weights.
 */
import { describe, expect, it } from "vitest";
import { gradientCheck, Rng } from "../../runtime/index.ts";
import type { Plan } from "../../compiler/ir.ts";
import { graphPlan, layersOf, loadModule, planOf, specText, type Node } from "./graph-plans.ts";

const TOLERANCE = 1e-6;

/** Nodes reading the layers of `layers`, each from the value before it unless `from` names another. */
function chain(layers: readonly { name: string }[], start: string, from: Record<string, string[]> = {}): Node[] {
  let prev = start;
  return layers.map((layer) => {
    const node = { layer: layer as Node extends { layer: infer L } ? L : never, from: from[layer.name] ?? [prev] };
    prev = layer.name;
    return node;
  });
}

const frame = (input: readonly number[]): Plan => planOf(specText(input, "f: dense(3)"));

const graphs: Record<string, () => Plan> = {
  "identity residual of dense layers (x → fc → relu → fc, + x)": () => {
    const stem = layersOf([6], "s: dense(8)\nsr: relu");
    const branch = layersOf([8], "b1: dense(8)\nbr: relu\nb2: dense(8)\nout: dense(3)");
    return graphPlan(frame([6]), [
      ...chain(stem, "x"),
      ...chain(branch.slice(0, 3), "sr"),
      { merge: "add", name: "add1", from: ["b2", "sr"] },
      ...chain(branch.slice(3), "add1"),
    ]);
  },
  "identity residual of conv + batchnorm (a ResNet basic block)": () => {
    const stem = layersOf([2, 5, 5], "c0: conv2d(3, 3, padding = 1)\nbn0: batchnorm\nr0: relu");
    const branch = layersOf(
      [3, 5, 5],
      "conv1: conv2d(3, 3, padding = 1, bias = false)\nbn1: batchnorm\nr1: relu\nconv2: conv2d(3, 3, padding = 1, bias = false)\nbn2: batchnorm",
    );
    const head = layersOf([3, 5, 5], "r2: relu\nflat: flatten\nfc: dense(3)");
    return graphPlan(frame([2, 5, 5]), [
      ...chain(stem, "x"),
      ...chain(branch, "r0"),
      { merge: "add", name: "add1", from: ["bn2", "r0"] },
      ...chain(head, "add1"),
    ]);
  },
  "projection residual (stride-2 branch, 1×1 stride-2 shortcut)": () => {
    const stem = layersOf([2, 6, 6], "c0: conv2d(2, 3, padding = 1)\nr0: relu");
    const branch = layersOf([2, 6, 6], "conv1: conv2d(4, 3, stride = 2, padding = 1)\nr1: relu\nconv2: conv2d(4, 3, padding = 1)");
    const shortcut = layersOf([2, 6, 6], "down: conv2d(4, 1, stride = 2, bias = false)");
    const head = layersOf([4, 3, 3], "r2: relu\ngap: global_avgpool\nfc: dense(3)");
    return graphPlan(frame([2, 6, 6]), [
      ...chain(stem, "x"),
      ...chain(branch, "r0"),
      ...chain(shortcut, "r0"),
      { merge: "add", name: "add1", from: ["conv2", "down"] },
      ...chain(head, "add1"),
    ]);
  },
  "concat of two conv branches and the identity (Inception-style)": () => {
    const stem = layersOf([2, 5, 5], "c0: conv2d(2, 3, padding = 1)\nr0: relu");
    const b1 = layersOf([2, 5, 5], "b1: conv2d(3, 1)\nb1r: relu");
    const b2 = layersOf([2, 5, 5], "b2: conv2d(2, 3, padding = 1)\nb2r: tanh");
    const head = layersOf([7, 5, 5], "mix: conv2d(2, 1)\nflat: flatten\nfc: dense(3)");
    return graphPlan(frame([2, 5, 5]), [
      ...chain(stem, "x"),
      ...chain(b1, "r0"),
      ...chain(b2, "r0"),
      { merge: "concat", name: "cat1", from: ["b1r", "b2r", "r0"] },
      ...chain(head, "cat1"),
    ]);
  },
  "a value read by three dense layers, their features concatenated": () => {
    const stem = layersOf([5], "s: dense(6)\nst: tanh");
    const a = layersOf([6], "a: dense(4)");
    const b = layersOf([6], "b: dense(3)\nbr: relu");
    const c = layersOf([6], "c: dense(2)");
    const head = layersOf([9], "out: dense(3)");
    return graphPlan(frame([5]), [
      ...chain(stem, "x"),
      ...chain(a, "st"),
      ...chain(b, "st"),
      ...chain(c, "st"),
      { merge: "concat", name: "cat1", from: ["a", "br", "c"] },
      ...chain(head, "cat1"),
    ]);
  },
  "two residual blocks in a row (their shortcut gradients share one buffer)": () => {
    const stem = layersOf([4], "s: dense(6)\nst: tanh");
    const blocks = layersOf([6], "a1: dense(6)\nar: relu\na2: dense(6)\nb1: dense(6)\nbt: tanh\nb2: dense(6)\nout: dense(3)");
    return graphPlan(frame([4]), [
      ...chain(stem, "x"),
      ...chain(blocks.slice(0, 3), "st"),
      { merge: "add", name: "add1", from: ["a2", "st"] },
      ...chain(blocks.slice(3, 6), "add1"),
      { merge: "add", name: "add2", from: ["b2", "add1"] },
      ...chain(blocks.slice(6), "add2"),
    ]);
  },
  "a value added to itself and to a branch (one merge reads it twice)": () => {
    const stem = layersOf([4], "s: dense(5)\nst: tanh");
    const branch = layersOf([5], "b: dense(5)\nout: dense(3)");
    return graphPlan(frame([4]), [
      ...chain(stem, "x"),
      ...chain(branch.slice(0, 1), "st"),
      { merge: "add", name: "add1", from: ["st", "b", "st"] },
      ...chain(branch.slice(1), "add1"),
    ]);
  },
};

describe("float64 gradient check of generated graph models", () => {
  for (const [name, build] of Object.entries(graphs)) {
    it(`${name}: analytic gradients match central differences within ${TOLERANCE}`, async () => {
      const plan = build();
      const { module, code } = await loadModule(plan, name.replace(/\W+/g, "-").slice(0, 40));
      if (name.startsWith("two residual blocks")) expect(code).toContain("this.gradAct4 = this.gradAct1.subarray(0, 24);");
      const model = module.createModel(7);
      const def = model.definition;
      const n = 4;
      const rng = new Rng(11);
      const x = new Float64Array(n * def.inputSize).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(def.outputSize));
      const targets = new Float64Array(n * def.outputSize);
      const r = gradientCheck(model, x, labels, targets, n);
      // Every parameter tensor was checked, those before the fan-out included.
      expect(r.checked).toBeGreaterThanOrEqual(def.tensors.filter((t) => t.buffer === "params").length);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
