import { describe, expect, it } from "vitest";
import { loadIdx } from "../../../runtime/data/index.ts";
import { expectDataError, idxBytes, tempDir, writeFile } from "./helpers.ts";

const dir = tempDir();
// 3 images of 2×3 pixels with distinct values, labels 2, 0, 4.
const pixels = Array.from({ length: 18 }, (_, i) => (i * 37) % 256);
const images = idxBytes(0x08, [3, 2, 3], pixels);
const labels = idxBytes(0x08, [3], [2, 0, 4]);

describe("loadIdx", () => {
  it("reads raw IDX images as unscaled pixels with a [1, H, W] row shape", () => {
    const d = loadIdx(writeFile(dir, "raw-images", images), writeFile(dir, "raw-labels", labels));
    expect(d.n).toBe(3);
    expect(d.shape).toEqual([1, 2, 3]);
    expect(d.features).toBe(6);
    expect(Array.from(d.x)).toEqual(pixels);
    expect(Array.from(d.labels!)).toEqual([2, 0, 4]);
    expect(d.classes).toBe(5);
    expect(d.targets).toBeUndefined();
  });

  it("detects gzip by its magic bytes whatever the file is called", () => {
    const d = loadIdx(writeFile(dir, "images.idx", images, true), writeFile(dir, "labels.idx", labels, true));
    expect(Array.from(d.x)).toEqual(pixels);
    expect(Array.from(d.labels!)).toEqual([2, 0, 4]);
  });

  it("keeps [C, H, W] for 4-dimensional image files and [F] for 2-dimensional ones", () => {
    const four = idxBytes(0x08, [1, 2, 1, 3], [1, 2, 3, 4, 5, 6]);
    const two = idxBytes(0x08, [1, 6], [1, 2, 3, 4, 5, 6]);
    const one = idxBytes(0x08, [1], [0]);
    const l = writeFile(dir, "one-label", one);
    expect(loadIdx(writeFile(dir, "four", four), l).shape).toEqual([2, 1, 3]);
    expect(loadIdx(writeFile(dir, "two", two), l).shape).toEqual([6]);
  });

  it("names a missing file", () => {
    const missing = `${dir}/nope.gz`;
    expectDataError(() => loadIdx(missing, writeFile(dir, "l1", labels)), missing, undefined, /not found/);
  });

  it("rejects a file that is neither gzip nor IDX", () => {
    const p = writeFile(dir, "text.csv", "1,2,3\n4,5,6\n");
    expectDataError(() => loadIdx(p, writeFile(dir, "l2", labels)), p, undefined, /neither gzip nor an IDX/, /0x00000803/);
  });

  it("rejects an empty file", () => {
    const p = writeFile(dir, "empty", "");
    expectDataError(() => loadIdx(p, writeFile(dir, "l3", labels)), p, undefined, /empty/);
  });

  it("rejects corrupt gzip", () => {
    const p = writeFile(dir, "bad.gz", Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]));
    expectDataError(() => loadIdx(p, writeFile(dir, "l4", labels)), p, undefined, /gzip/);
  });

  it("names the magic found and the one expected when labels and images are swapped", () => {
    const i = writeFile(dir, "i5", images);
    const l = writeFile(dir, "l5", labels);
    expectDataError(() => loadIdx(l, i), l, undefined, /0x00000801/, /expected 0x00000803/);
  });

  it("rejects a label file with image magic", () => {
    const i = writeFile(dir, "i6", images);
    const i2 = writeFile(dir, "i6b", images);
    expectDataError(() => loadIdx(i, i2), i2, undefined, /0x00000803/, /expected 0x00000801/);
  });

  it("rejects element types other than uint8", () => {
    const floats = idxBytes(0x0d, [1, 1, 1], [0, 0, 0, 0]);
    const p = writeFile(dir, "float-images", floats);
    expectDataError(() => loadIdx(p, writeFile(dir, "l7", idxBytes(0x08, [1], [0]))), p, undefined, /float32/, /uint8/);
  });

  it("rejects a body shorter than the header promises", () => {
    const p = writeFile(dir, "short", images.subarray(0, images.length - 5));
    expectDataError(() => loadIdx(p, writeFile(dir, "l8", labels)), p, undefined, /13 bytes/, /promises 18/, /truncated/);
  });

  it("rejects a header cut short", () => {
    const p = writeFile(dir, "cut", images.subarray(0, 9));
    expectDataError(() => loadIdx(p, writeFile(dir, "l9", labels)), p, undefined, /header is cut short/);
  });

  it("rejects different numbers of images and labels", () => {
    const l = writeFile(dir, "l10", idxBytes(0x08, [2], [1, 1]));
    expectDataError(() => loadIdx(writeFile(dir, "i10", images), l), l, undefined, /2 labels/, /3 images/);
  });
});
