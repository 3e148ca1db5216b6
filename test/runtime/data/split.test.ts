import { describe, expect, it } from "vitest";
import { type Dataset, splitDataset } from "../../../runtime/data/index.ts";
import { expectDataError } from "./helpers.ts";

function rows(n: number): Dataset {
  return {
    x: Float32Array.from({ length: n * 2 }, (_, i) => i),
    n,
    features: 2,
    shape: [2],
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    targets: undefined,
    targetSize: 0,
    classes: 3,
    source: "rows.csv",
  };
}

describe("splitDataset", () => {
  it("moves the last ceil(n·fraction) rows, in file order, to validation", () => {
    const { train, validation } = splitDataset(rows(10), 0.25);
    expect(train.n).toBe(7);
    expect(validation.n).toBe(3);
    expect(Array.from(validation.x)).toEqual([14, 15, 16, 17, 18, 19]);
    expect(Array.from(validation.labels!)).toEqual([7 % 3, 8 % 3, 9 % 3]);
    expect(Array.from(train.x.slice(-2))).toEqual([12, 13]);
    expect(validation.classes).toBe(3);
  });

  it("splits regression targets row-aligned", () => {
    const d: Dataset = {
      ...rows(4),
      labels: undefined,
      targets: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
      targetSize: 2,
    };
    const { train, validation } = splitDataset(d, 0.5);
    expect(Array.from(train.targets!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(validation.targets!)).toEqual([4, 5, 6, 7]);
  });

  it("rejects fractions outside (0, 1) and splits that leave no training rows", () => {
    expectDataError(() => splitDataset(rows(10), 0), "rows.csv", undefined, /outside \(0, 1\)/);
    expectDataError(() => splitDataset(rows(10), 1), "rows.csv", undefined, /outside \(0, 1\)/);
    expectDataError(() => splitDataset(rows(1), 0.5), "rows.csv", undefined, /no training rows/);
  });
});

describe("seeded splitDataset", () => {
  const rowIds = (d: Dataset) => Array.from({ length: d.n }, (_, i) => d.x[i * 2] / 2);
  it("holds out a seeded random subset, the same for the same seed, covering every row once", () => {
    const d = rows(40);
    const a = splitDataset(d, 0.25, 7);
    const b = splitDataset(d, 0.25, 7);
    expect(a.validation.n).toBe(10);
    expect(rowIds(a.validation)).toEqual(rowIds(b.validation));
    expect([...rowIds(a.train), ...rowIds(a.validation)].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // A file sorted by class must not put only its last rows into validation.
    expect(rowIds(a.validation)).not.toEqual(Array.from({ length: 10 }, (_, i) => 30 + i));
    // Labels travel with their rows.
    for (let i = 0; i < a.validation.n; i++) expect(a.validation.labels![i]).toBe(rowIds(a.validation)[i] % 3);
  });
  it("gives a different subset for a different seed", () => {
    const d = rows(40);
    expect(rowIds(splitDataset(d, 0.25, 1).validation)).not.toEqual(rowIds(splitDataset(d, 0.25, 2).validation));
  });
});
