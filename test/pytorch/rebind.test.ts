import { describe, expect, it } from "vitest";
import { rebind } from "../../compiler/pytorch/emit-forward.ts";

describe("rebind: a layer's `x = f(x)` line pointed at a module's variables", () => {
  it("renames the input wherever it is a name of its own, and the assigned variable", () => {
    expect(rebind("x = self.conv1(x)", "out", "out")).toBe("out = self.conv1(out)");
    expect(rebind("x = F.adaptive_avg_pool2d(x, 1).flatten(1)", "identity", "out")).toBe(
      "out = F.adaptive_avg_pool2d(identity, 1).flatten(1)",
    );
  });

  it("leaves attributes named x, string literals and the trailing comment alone", () => {
    expect(rebind("x = self.x(x)", "out", "y")).toBe("y = self.x(out)");
    expect(rebind(`x = self._modules["x"](x)  # x is the input`, "out", "out")).toBe(`out = self._modules["x"](out)  # x is the input`);
    expect(rebind(`x = self._modules["a\\"x"](x)`, "b1", "out")).toBe(`out = self._modules["a\\"x"](b1)`);
  });

  it("refuses a line that does not assign x (an internal error, not a silently wrong script)", () => {
    expect(() => rebind("y = f(x)", "out", "out")).toThrow(/does not assign x/);
  });
});
