import { describe, expect, it } from "vitest";
import { Batcher, type Dataset } from "../../../runtime/data/index.ts";
import { Rng } from "../../../runtime/rng.ts";
import { expectDataError } from "./helpers.ts";

const F = 3;
/** Row r holds [r, 100 + r, 200 + r] and label r, so every batch row shows which data row it came from. */
function rows(n: number, withTargets = false): Dataset {
  return {
    x: Float32Array.from({ length: n * F }, (_, i) => Math.floor(i / F) + 100 * (i % F)),
    n,
    features: F,
    shape: [F],
    labels: withTargets ? undefined : Int32Array.from({ length: n }, (_, i) => i),
    targets: withTargets ? Float32Array.from({ length: n * 2 }, (_, i) => i) : undefined,
    targetSize: withTargets ? 2 : 0,
    classes: withTargets ? 2 : n,
    source: "rows",
  };
}

/** Runs one epoch, checking row contents, and returns the data rows in batch order plus the batch sizes. */
function epoch(b: Batcher): { order: number[]; sizes: number[] } {
  b.startEpoch();
  const order: number[] = [];
  const sizes: number[] = [];
  for (let rowsIn = b.next(); rowsIn > 0; rowsIn = b.next()) {
    sizes.push(rowsIn);
    for (let i = 0; i < rowsIn; i++) {
      const r = b.labels[i];
      expect([b.x[i * F], b.x[i * F + 1], b.x[i * F + 2]]).toEqual([r, 100 + r, 200 + r]);
      order.push(r);
    }
  }
  return { order, sizes };
}

describe("Batcher", () => {
  it("serves rows in file order without shuffling, with a short last batch", () => {
    const b = new Batcher(rows(10), 4, false, new Rng(0), "f32");
    expect(b.batchesPerEpoch).toBe(3);
    const { order, sizes } = epoch(b);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
    expect(b.next()).toBe(0);
  });

  it("covers every row exactly once per shuffled epoch, in a new order each epoch", () => {
    const b = new Batcher(rows(23), 5, true, new Rng(7), "f32");
    const first = epoch(b).order;
    const second = epoch(b).order;
    for (const o of [first, second]) expect([...o].sort((a, c) => a - c)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(first).not.toEqual(second);
    expect(first).not.toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it("gives the same order for the same seed and a different one for another seed", () => {
    const run = (seed: number): number[][] => {
      const b = new Batcher(rows(30), 8, true, new Rng(seed), "f32");
      return [epoch(b).order, epoch(b).order];
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it("reuses the same buffers for every batch", () => {
    const b = new Batcher(rows(10), 3, true, new Rng(1), "f64");
    const { x, labels, targets } = b;
    expect(x).toBeInstanceOf(Float64Array);
    expect(x.length).toBe(3 * F);
    b.startEpoch();
    while (b.next() > 0) {
      expect(b.x).toBe(x);
      expect(b.labels).toBe(labels);
      expect(b.targets).toBe(targets);
    }
  });

  it("copies regression targets row by row", () => {
    const b = new Batcher(rows(5, true), 2, false, new Rng(0), "f32");
    expect(b.targets).toBeInstanceOf(Float32Array);
    b.startEpoch();
    b.next();
    expect(b.next()).toBe(2);
    expect(Array.from(b.targets)).toEqual([4, 5, 6, 7]);
  });

  it("resumes exactly from a saved state", () => {
    const rng = new Rng(9);
    const b = new Batcher(rows(17), 4, true, rng, "f32");
    epoch(b);
    b.startEpoch();
    b.next();
    b.next();
    const saved = b.getState();
    const savedRng = rng.getState();
    const rest = epoch2(b);

    const rng2 = new Rng(123);
    const resumed = new Batcher(rows(17), 4, true, rng2, "f32");
    resumed.setState(JSON.parse(JSON.stringify(saved)));
    rng2.setState(savedRng);
    expect(epoch2(resumed)).toEqual(rest);
  });

  it("rejects a state that does not fit the data set", () => {
    const b = new Batcher(rows(4), 2, true, new Rng(0), "f32");
    expectDataError(() => b.setState({ position: 0, permutation: [0, 1, 1, 3] }), "rows", undefined, /permutation of 0..3/);
    expectDataError(() => b.setState({ position: 5, permutation: [0, 1, 2, 3] }), "rows", undefined, /position/);
  });

  it("rejects a batch size that is not a positive integer", () => {
    expectDataError(() => new Batcher(rows(4), 0, true, new Rng(0), "f32"), "rows", undefined, /batch size 0/);
  });
});

/** The rest of the current epoch (without restarting) followed by one full epoch. */
function epoch2(b: Batcher): number[][] {
  const rest: number[] = [];
  for (let n = b.next(); n > 0; n = b.next()) rest.push(...Array.from(b.labels.subarray(0, n)));
  return [rest, epoch(b).order];
}
