import { describe, expect, it } from "vitest";
import { classQuotas, subsetDataset, type Dataset } from "../../../runtime/data/index.ts";
import { expectDataError } from "./helpers.ts";

/** n rows whose single feature is the row index, labelled by `labelOf` (or regression targets 10·i). */
function rows(n: number, labelOf?: (i: number) => number): Dataset {
  const labels = labelOf && Int32Array.from({ length: n }, (_, i) => labelOf(i));
  return {
    x: Float32Array.from({ length: n }, (_, i) => i),
    n,
    features: 1,
    shape: [1],
    labels,
    targets: labels ? undefined : Float32Array.from({ length: n }, (_, i) => 10 * i),
    targetSize: labels ? 0 : 1,
    classes: labels ? Math.max(...labels) + 1 : 1,
    source: "rows.csv",
  };
}

function countByClass(d: Dataset): number[] {
  const out: number[] = [];
  for (const l of d.labels!) out[l] = (out[l] ?? 0) + 1;
  return out;
}

// 1000 rows, sorted by class as many files are: 600 of class 0, 300 of class 1, 100 of class 2.
const sorted = rows(1000, (i) => (i < 600 ? 0 : i < 900 ? 1 : 2));

describe("subsetDataset", () => {
  it("limit = N keeps exactly N rows, each class in its proportion (60/30/10 %)", () => {
    const s = subsetDataset(sorted, { limit: 50 }, 1);
    expect(s.n).toBe(50);
    expect(countByClass(s)).toEqual([30, 15, 5]);
    expect(s.classes).toBe(3);
  });

  it("fraction = f keeps round(n·f) rows, stratified", () => {
    const s = subsetDataset(sorted, { fraction: 0.25 }, 1);
    expect(s.n).toBe(250);
    expect(countByClass(s)).toEqual([150, 75, 25]);
  });

  it("gives the leftover rows of an uneven split to the largest remainders", () => {
    // 7 rows of 1000 at 60/30/10 %: exact shares 4.2, 2.1, 0.7 → floors 4, 2, 0; the one row left goes to class 2 (0.7).
    expect(countByClass(subsetDataset(sorted, { limit: 7 }, 3))).toEqual([4, 2, 1]);
  });

  it("keeps whole rows aligned with their labels, in file order, without repeats", () => {
    const s = subsetDataset(sorted, { limit: 100 }, 5);
    const kept = Array.from(s.x);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(new Set(kept).size).toBe(100);
    kept.forEach((row, i) => expect(s.labels![i]).toBe(sorted.labels![row]));
  });

  it("is the same subset for the same seed and a different one for another seed", () => {
    const a = Array.from(subsetDataset(sorted, { limit: 40 }, 7).x);
    const b = Array.from(subsetDataset(sorted, { limit: 40 }, 7).x);
    const c = Array.from(subsetDataset(sorted, { limit: 40 }, 8).x);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("draws from the whole class, not its first rows", () => {
    const s = subsetDataset(sorted, { limit: 100 }, 2);
    const class0 = Array.from(s.x).filter((_, i) => s.labels![i] === 0);
    expect(Math.max(...class0)).toBeGreaterThan(300);
  });

  it("subsamples regression rows uniformly, targets aligned", () => {
    const d = rows(200);
    const s = subsetDataset(d, { fraction: 0.1 }, 1);
    expect(s.n).toBe(20);
    Array.from(s.x).forEach((row, i) => expect(s.targets![i]).toBe(10 * row));
  });

  it("names the subset in the set's source, for messages", () => {
    expect(subsetDataset(sorted, { limit: 10 }, 4).source).toBe("rows.csv (limit = 10: 10 of 1000 rows, stratified by class, seed 4)");
  });

  it("rejects a limit above the number of rows, naming the file", () => {
    expectDataError(
      () =>
        subsetDataset(
          rows(30, (i) => i % 2),
          { limit: 31 },
          1,
        ),
      "rows.csv",
      undefined,
      /limit = 31 asks for more rows than the data set has \(30\)/,
    );
  });

  it("rejects a limit that is not a positive integer and a fraction outside (0, 1]", () => {
    expectDataError(() => subsetDataset(sorted, { limit: 0 }, 1), "rows.csv", undefined, /limit = 0/);
    expectDataError(() => subsetDataset(sorted, { fraction: 1.5 }, 1), "rows.csv", undefined, /fraction = 1.5/);
  });
});

describe("classQuotas", () => {
  it("gives each class its floor share, then the leftovers by largest remainder (ties to the lower class)", () => {
    // Shares 0.03, 0.03, 2.94: floors 0, 0, 2, and the one row left goes to the largest remainder (0.94).
    expect(classQuotas([1, 1, 98], 3)).toEqual([0, 0, 3]);
    expect(classQuotas([5, 5], 10)).toEqual([5, 5]);
    expect(classQuotas([3, 3, 3], 4)).toEqual([2, 1, 1]);
  });
});
