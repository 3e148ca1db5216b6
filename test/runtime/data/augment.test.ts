import { describe, expect, it } from "vitest";
import { Augmenter, sampleBeta, type AugmentOp } from "../../../runtime/data/augment.ts";
import { Rng } from "../../../runtime/rng.ts";

/** One 1×3×4 image with distinct values 1..12 (row-major). */
function image(n = 1): Float64Array {
  return Float64Array.from({ length: 12 * n }, (_, i) => (i % 12) + 1 + 100 * Math.floor(i / 12));
}

function augment(ops: AugmentOp[], x: Float64Array, labels: Int32Array, seed = 1, classes = 3, smoothing = 0): Augmenter {
  const a = new Augmenter(ops, [1, 3, 4], classes, labels.length, smoothing, "f64");
  a.apply(x, labels, labels.length, new Rng(seed));
  return a;
}

describe("augmentation", () => {
  it("hflip(p = 1) mirrors every row", () => {
    const x = image();
    augment([{ kind: "hflip", p: 1 }], x, new Int32Array(1));
    expect(Array.from(x)).toEqual([4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]);
  });

  it("vflip(p = 1) mirrors the rows top to bottom", () => {
    const x = image();
    augment([{ kind: "vflip", p: 1 }], x, new Int32Array(1));
    expect(Array.from(x)).toEqual([9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4]);
  });

  it("random_crop shifts the image by at most `padding` pixels and fills with zeros", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const x = image();
      augment([{ kind: "random_crop", padding: 1 }], x, new Int32Array(1), seed);
      // every surviving value sits at its original position moved by the same (dy, dx) with |d| ≤ 1
      const moves = new Set<string>();
      x.forEach((v, i) => {
        if (v === 0) return;
        const src = v - 1;
        moves.add(`${Math.floor(i / 4) - Math.floor(src / 4)},${(i % 4) - (src % 4)}`);
      });
      expect(moves.size).toBe(1);
      const [dy, dx] = [...moves][0].split(",").map(Number);
      expect(Math.abs(dy)).toBeLessThanOrEqual(1);
      expect(Math.abs(dx)).toBeLessThanOrEqual(1);
      expect(x.filter((v) => v === 0).length).toBe(12 - (3 - Math.abs(dy)) * (4 - Math.abs(dx)));
    }
  });

  it("cutout zeroes a square (clipped at the border) and leaves the rest", () => {
    const x = image();
    augment([{ kind: "cutout", size: 2, p: 1 }], x, new Int32Array(1), 5);
    const zeros = x.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThanOrEqual(1);
    expect(zeros).toBeLessThanOrEqual(4);
    x.forEach((v, i) => expect(v === 0 || v === i + 1).toBe(true));
  });

  it("is deterministic for a seed", () => {
    const ops: AugmentOp[] = [
      { kind: "translate", fraction: 0.5 },
      { kind: "gaussian_noise", std: 0.1 },
      { kind: "mixup", alpha: 0.4, p: 1 },
    ];
    const a = image(4),
      b = image(4);
    augment(ops, a, Int32Array.from([0, 1, 2, 0]), 9);
    augment(ops, b, Int32Array.from([0, 1, 2, 0]), 9);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("mixup mixes images and labels with the same λ; soft labels sum to 1 with label smoothing folded in", () => {
    const labels = Int32Array.from([0, 2]);
    for (let seed = 1; seed <= 5; seed++) {
      const x = image(2);
      const orig = Float64Array.from(x);
      const a = augment([{ kind: "mixup", alpha: 1, p: 1 }], x, labels, seed, 3, 0.1);
      for (let b = 0; b < 2; b++) {
        const row = a.soft.subarray(b * 3, b * 3 + 3);
        expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 12);
        expect(row[1]).toBeCloseTo(0.1 / 3, 12);
        // weights of image 0 and image 1 in this row, read off the soft labels of their classes
        const w0 = (row[0] - 0.1 / 3) / 0.9,
          w1 = (row[2] - 0.1 / 3) / 0.9;
        for (let t = 0; t < 12; t++) expect(x[b * 12 + t]).toBeCloseTo(w0 * orig[t] + w1 * orig[12 + t], 9);
      }
    }
  });

  it("cutmix labels follow the pasted area exactly", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const x = image(2);
      const a = augment([{ kind: "cutmix", alpha: 1, p: 1 }], x, Int32Array.from([0, 1]), seed, 2);
      const pasted = Array.from(x.subarray(0, 12)).filter((v) => v > 100).length;
      // row 0 is image 0 (values < 100) with a box from its partner; if the partner is itself nothing changes
      if (pasted > 0) expect(a.soft[0]).toBeCloseTo(1 - pasted / 12, 12);
      expect(a.soft[0] + a.soft[1]).toBeCloseTo(1, 12);
    }
  });

  it("samples Beta(α, α) with mean 1/2 and variance 1/(4(2α + 1))", () => {
    const rng = new Rng(4);
    const alpha = 0.4;
    let s = 0,
      s2 = 0;
    const N = 20000;
    for (let i = 0; i < N; i++) {
      const v = sampleBeta(alpha, rng);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      s += v;
      s2 += v * v;
    }
    const mean = s / N;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(s2 / N - mean * mean).toBeCloseTo(1 / (4 * (2 * alpha + 1)), 2);
  });
});
