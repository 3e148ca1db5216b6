/** The shape rules of layernorm, groupnorm and adaptive_avgpool: their plans, and their errors with the call's span. */
import { describe, expect, it } from "vitest";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

/** MINIMAL with a [4, 6, 6] input and `layers` before its dense layers. */
const spatial = (layers: string) =>
  MINIMAL.replace("input = [2]", "input = [4, 6, 6]").replace(
    "  fc1: dense(16)\n",
    `  c: conv2d(6, 3, padding = 1)\n${layers}  flatten\n  fc1: dense(16)\n`,
  );

describe("normalization and adaptive pooling shapes", () => {
  it("NN4021: groupnorm refuses a group count that does not divide the channels, on the call", () => {
    const text = spatial("  gn: groupnorm(4)\n");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4021", "groupnorm(4)")]);
    expect(d.message).toContain("6 channels");
  });

  it("groupnorm keeps the shape and has one γ and β per channel", () => {
    const { plan, diagnostics } = checkText(spatial("  gn: groupnorm(3)\n"));
    expect(diagnostics).toEqual([]);
    const gn = plan!.layers[1];
    expect(gn).toMatchObject({ kind: "groupnorm", groups: 3, channels: 6, spatial: 36, outputShape: [6, 6, 6] });
  });

  it("layernorm normalises the whole per-sample shape: [C, H, W] after a convolution, [F] after dense", () => {
    const { plan } = checkText(spatial("  ln: layernorm\n").replace("  relu\n", "  ln2: layernorm\n  relu\n"));
    expect(plan!.layers.filter((l) => l.kind === "layernorm").map((l) => "normalizedShape" in l && l.normalizedShape)).toEqual([
      [6, 6, 6],
      [16],
    ]);
  });

  it("adaptive_avgpool takes one size or [h, w] and gives [C, h, w]", () => {
    const square = checkText(spatial("  adaptive_avgpool(4)\n")).plan!.layers[1];
    expect(square.outputShape).toEqual([6, 4, 4]);
    const pair = checkText(spatial("  adaptive_avgpool([2, 9])\n")).plan!.layers[1];
    expect(pair.outputShape).toEqual([6, 2, 9]);
  });

  it("NN3001: adaptive_avgpool refuses a list that is not [h, w]; NN3002 a size below 1", () => {
    const three = spatial("  adaptive_avgpool([2, 3, 4])\n");
    expectDiagnostics(three, [at(three, "error", "NN3001", "[2, 3, 4]")]);
    const zero = spatial("  adaptive_avgpool([2, 0])\n");
    expectDiagnostics(zero, [atIn(zero, "error", "NN3002", "adaptive_avgpool([2, 0])", "0")]);
  });

  it("NN4011: adaptive_avgpool needs a [C, H, W] input", () => {
    const text = MINIMAL.replace("  relu\n", "  relu\n  adaptive_avgpool(2)\n");
    expectDiagnostics(text, [at(text, "error", "NN4011", "adaptive_avgpool(2)")]);
  });
});
