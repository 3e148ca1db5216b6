import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

const train = `train = csv("data.csv", label = 2)`;

describe("limit / fraction on a data source", () => {
  it("puts a count or a share into the source's plan", () => {
    const limited = checkText(MINIMAL.replace(train, `train = csv("data.csv", label = 2, limit = 5000)`)).plan;
    expect(limited?.data?.train).toMatchObject({ kind: "csv", subset: { limit: 5000 } });
    const share = checkText(MINIMAL.replace(train, `train = csv("data.csv", label = 2, fraction = 0.25)`)).plan;
    expect(share?.data?.train).toMatchObject({ subset: { fraction: 0.25 } });
  });

  it("leaves sources without them unchanged (no subset in the plan)", () => {
    expect(checkText(MINIMAL).plan?.data?.train).not.toHaveProperty("subset");
  });

  it("NN3015: rejects both limit and fraction on one source, at the fraction", () => {
    const text = MINIMAL.replace(train, `train = csv("data.csv", label = 2, limit = 100, fraction = 0.5)`);
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3015", "0.5")]);
    expect(d.message).toContain("`train` gives both `limit = 100` and `fraction = 0.5`");
  });

  it("NN3002: rejects a limit below 1 and a fraction outside (0, 1], naming the range", () => {
    const zero = MINIMAL.replace(train, `train = csv("data.csv", label = 2, limit = 0)`);
    const [d] = expectDiagnostics(zero, [atIn(zero, "error", "NN3002", "limit = 0", "0")]);
    expect(d.message).toContain("[1, ∞)");
    const over = MINIMAL.replace(train, `train = csv("data.csv", label = 2, fraction = 1.5)`);
    const [e] = expectDiagnostics(over, [at(over, "error", "NN3002", "1.5")]);
    expect(e.message).toContain("(0, 1]");
  });

  it("NN3001: rejects a fractional limit", () => {
    const text = MINIMAL.replace(train, `train = csv("data.csv", label = 2, limit = 2.5)`);
    expectDiagnostics(text, [at(text, "error", "NN3001", "2.5")]);
  });

  it("NN3009: a subset of a split is refused, pointing at the file sources that take one", () => {
    const text = MINIMAL.replace("split(train, 0.1)", "split(train, 0.1, limit = 10)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN3009", "limit")]);
    expect(d.message).toContain("`idx`, `csv`");
  });
});
