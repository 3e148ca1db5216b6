import { describe, expect, it } from "vitest";
import { gradSquaredNorm, l1Penalty, l2Penalty, maxNormRows } from "../../../runtime/kernels/regularizers.ts";

describe("regularizers", () => {
  it("sum squares and absolute values over the given range", () => {
    const p = new Float64Array([9, 1, -2, 3, 9]);
    expect(l2Penalty(p, 1, 3)).toBe(14);
    expect(l1Penalty(p, 1, 3)).toBe(6);
  });

  it("gradSquaredNorm includes the l2 and l1 terms with sign(0) = 0", () => {
    const p = new Float64Array([1, -2, 0]),
      g = new Float64Array([0.5, 0.5, 0.5]);
    // (0.5 + 0.2·1 + 0.1)² + (0.5 − 0.4 − 0.1)² + 0.5²
    expect(gradSquaredNorm(p, g, 0, 3, 0.2, 0.1)).toBeCloseTo(0.64 + 0 + 0.25, 14);
  });

  it("max-norm rescales only rows above the limit, like torch.renorm", () => {
    const p = new Float64Array([3, 4, 0.3, 0.4]);
    maxNormRows(p, 0, 2, 2, 1);
    expect(p[0]).toBeCloseTo((3 * 1) / (5 + 1e-7), 15);
    expect(p[1]).toBeCloseTo((4 * 1) / (5 + 1e-7), 15);
    expect([p[2], p[3]]).toEqual([0.3, 0.4]);
  });
});
