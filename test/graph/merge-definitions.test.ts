/** The merge layers' shape rules (`add`, `concat`) and their runtime objects, on hand-made inputs. */
import { describe, expect, it } from "vitest";
import { Add, Concat } from "../../runtime/index.ts";
import { layerOf } from "../../compiler/definitions/layers/index.ts";
import { graphPlan, layersOf, planOf, specText } from "./graph-plans.ts";

const frame = planOf(specText([2, 4, 4], "f: flatten"));

describe("merge layers", () => {
  it("adds maps of one shape and concatenates channels of maps of one height and width", () => {
    const a = layersOf([2, 4, 4], "a: conv2d(3, 1)");
    const b = layersOf([2, 4, 4], "b: conv2d(5, 1)");
    const c = layersOf([2, 4, 4], "c: conv2d(3, 3, padding = 1)");
    const plan = graphPlan(frame, [
      { layer: a[0], from: ["x"] },
      { layer: b[0], from: ["x"] },
      { layer: c[0], from: ["x"] },
      { merge: "add", name: "sum", from: ["a", "c"] },
      { merge: "concat", name: "cat", from: ["sum", "b", "x"] },
    ]);
    expect(plan.layers[3].outputShape).toEqual([3, 4, 4]);
    expect(plan.layers[4].outputShape).toEqual([10, 4, 4]);
  });

  it("writes each merge as one line of the PyTorch forward over its inputs' variables", () => {
    const a = layersOf([2, 4, 4], "a: conv2d(3, 1)");
    const plan = graphPlan(frame, [
      { layer: a[0], from: ["x"] },
      { merge: "add", name: "sum", from: ["a", "a"] },
      { merge: "concat", name: "cat", from: ["sum", "x"] },
    ]);
    const [, sum, cat] = plan.layers;
    expect(layerOf(sum).pytorch.forward(sum, "self.sum", ["h1", "h2"])).toBe("x = h1 + h2");
    expect(layerOf(cat).pytorch.forward(cat, "self.cat", ["x", "x0"])).toBe("x = torch.cat((x, x0), dim=1)");
    expect(() => layerOf(cat).pytorch.forward(cat, "self.cat")).toThrow("needs its 2 input variables");
  });

  it("names both shapes when branches do not fit", () => {
    const a = layersOf([2, 4, 4], "a: conv2d(3, 1)");
    const b = layersOf([2, 4, 4], "b: conv2d(3, 1, stride = 2)");
    const add = () =>
      graphPlan(frame, [
        { layer: a[0], from: ["x"] },
        { layer: b[0], from: ["x"] },
        { merge: "add", name: "sum", from: ["a", "b"] },
      ]);
    expect(add).toThrow("`add` needs branches of one shape, but they give [3, 4, 4] and [3, 2, 2]");
    const concat = () =>
      graphPlan(frame, [
        { layer: a[0], from: ["x"] },
        { layer: b[0], from: ["x"] },
        { merge: "concat", name: "cat", from: ["a", "b"] },
      ]);
    expect(concat).toThrow("`concat` needs maps of one height and width, but its branches give [3, 4, 4] and [3, 2, 2]");
  });

  it("lays each input's rows side by side, and hands each its slice of the gradient back", () => {
    const cat = new Concat({ widths: [2, 1] });
    const y = new Float64Array(6);
    cat.forward(2, 0, Float64Array.of(1, 2, 3, 4), y);
    cat.forward(2, 1, Float64Array.of(9, 8), y);
    expect([...y]).toEqual([1, 2, 9, 3, 4, 8]);
    const dx = Float64Array.of(10, 20, 30, 40);
    cat.backward(2, y, 0, dx, true);
    expect([...dx]).toEqual([11, 22, 33, 44]);
    const d1 = new Float64Array(2);
    cat.backward(2, y, 1, d1, false);
    expect([...d1]).toEqual([9, 8]);
    const add = new Add({ features: 2 });
    const s = new Float64Array(2);
    add.forward(1, Float64Array.of(1, 2), Float64Array.of(3, 4), s);
    add.accumulate(1, Float64Array.of(10, 10), s);
    expect([...s]).toEqual([14, 16]);
  });
});
