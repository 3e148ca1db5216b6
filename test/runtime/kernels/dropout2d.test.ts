import { describe, expect, it } from "vitest";
import { dropout2dBackward, dropout2dForward } from "../../../runtime/kernels/dropout2d.ts";
import { Rng } from "../../../runtime/rng.ts";

describe("dropout2d", () => {
  it("zeroes whole channels and scales the survivors by 1/(1−p)", () => {
    const n = 4,
      C = 8,
      S = 6;
    const x = new Float64Array(n * C * S).fill(1);
    const y = new Float64Array(x.length),
      mask = new Float64Array(n * C);
    dropout2dForward(n, C, S, x, 0, y, 0, mask, 0, 0.5, new Rng(3));
    let dropped = 0;
    for (let bc = 0; bc < n * C; bc++) {
      const channel = Array.from(y.subarray(bc * S, (bc + 1) * S));
      expect(new Set(channel).size).toBe(1);
      expect([0, 2]).toContain(channel[0]);
      if (channel[0] === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(n * C);
  });

  it("backward multiplies the gradient by the channel's mask", () => {
    const mask = Float64Array.from([0, 2]);
    const dy = Float64Array.from([1, 2, 3, 4]);
    const dx = new Float64Array(4);
    dropout2dBackward(1, 2, 2, mask, 0, dy, 0, dx, 0);
    expect(Array.from(dx)).toEqual([0, 0, 6, 8]);
  });
});
