import { describe, expect, it } from "vitest";
import { MINIMAL, checkText } from "./harness.ts";

/** A basic block whose branch ends in bn2, around a stride-2 convolution: its shortcut is a projection (conv + batch norm). */
const text =
  `block basic(c, stride = 1) {
  residual(zero_init = true) {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
` + MINIMAL.replace("input = [2]", "input = [2, 8, 8]").replace("  fc1: dense(16)\n  relu\n", "  b: basic(4, stride = 2)\n  flatten\n");

describe("residual(zero_init = true) with a projection shortcut", () => {
  it("starts the branch's last batch norm at γ = 0 and leaves the shortcut's batch norm at γ = 1, as torchvision's zero_init_residual", () => {
    const plan = checkText(text).plan!;
    const bns = plan.layers.filter((l) => l.kind === "batchnorm") as { name: string; zeroInit: boolean }[];
    expect(bns.map((b) => [b.name, b.zeroInit])).toEqual([
      ["b.bn1", false],
      ["b.bn2", true],
      ["b.downsample.1", false],
    ]);
  });
});
