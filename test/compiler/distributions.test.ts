import { describe, expect, it } from "vitest";
import { MINIMAL, at, checkText, expectDiagnostics } from "./harness.ts";

describe("distributions where numbers belong (NN3014)", () => {
  it("NN3014: rejects a learning-rate range that can sample 0, outside lr's (0, ∞)", () => {
    const text = MINIMAL.replace("adam()", "adam(lr = uniform(0, 0.1))");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3014", "uniform(0, 0.1)")]);
    expect(d.message).toBe("`lr` of `adam` must be in (0, ∞), but `uniform` can give 0");
  });

  it("NN3014: asks for int(a, b) where an integer belongs", () => {
    const text = MINIMAL.replace("dense(16)", "dense(uniform(8, 32))");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3014", "uniform(8, 32)")]);
    expect(d.message).toContain("use `int(a, b)` or `choice(...)`");
  });

  it("accepts valid distributions silently and lists them as the search space", () => {
    const text = MINIMAL.replace("adam()", "adam(lr = loguniform(1e-4, 1e-2))").replace("dense(16)", "dense(choice(8, 16, 32))");
    const r = checkText(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.searchSpace.map((d) => `${d.param}:${d.kind}`).sort()).toEqual(["lr:loguniform", "units:choice"]);
  });
});
