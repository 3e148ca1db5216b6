import { describe, expect, it } from "vitest";
import { loadCsv } from "../../../runtime/data/index.ts";
import { expectDataError, tempDir, writeFile } from "./helpers.ts";

const dir = tempDir();
let counter = 0;
const file = (text: string): string => writeFile(dir, `f${counter++}.csv`, text);

describe("loadCsv", () => {
  it("splits features from the label column and infers classes as max label + 1", () => {
    const d = loadCsv(file("0.5,1,-2\n1.5,3,4e-1\n"), {
      label: 1,
      header: false,
    });
    expect(d.n).toBe(2);
    expect(d.features).toBe(2);
    expect(d.shape).toEqual([2]);
    expect(Array.from(d.x)).toEqual([0.5, -2, 1.5, Math.fround(0.4)]);
    expect(Array.from(d.labels!)).toEqual([1, 3]);
    expect(d.classes).toBe(4);
  });

  it("reads regression targets in the order the columns are listed", () => {
    const d = loadCsv(file("1,2,3,4\n5,6,7,8\n"), {
      targets: [3, 1],
      header: false,
    });
    expect(Array.from(d.x)).toEqual([1, 3, 5, 7]);
    expect(Array.from(d.targets!)).toEqual([4, 2, 8, 6]);
    expect(d.targetSize).toBe(2);
    expect(d.labels).toBeUndefined();
  });

  it("handles a BOM, a header, CRLF, quoted cells and blank trailing lines", () => {
    const d = loadCsv(file('\ufeff"a","b, c",label\r\n"1.25", 2 ,0\r\n3,"4",1\r\n\r\n\n'), { label: 2, header: true });
    expect(d.n).toBe(2);
    expect(Array.from(d.x)).toEqual([1.25, 2, 3, 4]);
    expect(Array.from(d.labels!)).toEqual([0, 1]);
  });

  it("stores the float32 nearest to the decimal text", () => {
    const d = loadCsv(file("0.1,0.30000001192092896\n"), { header: false });
    expect(d.x[0]).toBe(Math.fround(0.1));
    expect(d.x[1]).toBe(Math.fround(0.3));
  });

  it("reports a ragged row with its line and both column counts", () => {
    const p = file("h1,h2,h3\n1,2,3\n4,5\n");
    expectDataError(() => loadCsv(p, { label: 0, header: true }), p, 3, /expected 3 columns, found 2/);
  });

  it("reports a blank line in the middle of the data", () => {
    const p = file("1,2\n\n3,4\n");
    expectDataError(() => loadCsv(p, { label: 0, header: false }), p, 2, /expected 2 columns, found a blank line/);
  });

  it("quotes a non-numeric cell and names its column", () => {
    const p = file("1,2\n3,abc\n");
    expectDataError(() => loadCsv(p, { label: 0, header: false }), p, 2, /"abc"/, /column 1/);
  });

  it("rejects an empty cell", () => {
    const p = file("1,,2\n");
    expectDataError(() => loadCsv(p, { header: false }), p, 1, /column 1/, /not a number/);
  });

  it("rejects a feature or target too large for float32 instead of storing Infinity", () => {
    const p = file("1,2\n-1e39,3\n");
    expectDataError(() => loadCsv(p, { header: false }), p, 2, /column 0/, /too large for float32/);
    const q = file("1,2\n3,4e38\n");
    expectDataError(() => loadCsv(q, { targets: [1], header: false }), q, 2, /column 1/, /4e38/);
    // The largest float32 itself is fine.
    expect(loadCsv(file("3.4028234663852886e38,0\n"), { label: 1, header: false }).x[0]).toBe(3.4028234663852886e38);
  });

  it("rejects a label that is not a non-negative integer", () => {
    const p1 = file("1,0\n2,1.5\n");
    expectDataError(() => loadCsv(p1, { label: 1, header: false }), p1, 2, /"1.5"/, /non-negative integer/);
    const p2 = file("1,-1\n");
    expectDataError(() => loadCsv(p2, { label: 1, header: false }), p2, 1, /"-1"/, /non-negative integer/);
  });

  it("rejects an empty file and a header without rows", () => {
    const p1 = file("");
    expectDataError(() => loadCsv(p1, { header: false }), p1, undefined, /empty/);
    const p2 = file("\ufeff\n\n");
    expectDataError(() => loadCsv(p2, { header: false }), p2, undefined, /empty/);
    const p3 = file("a,b\n");
    expectDataError(() => loadCsv(p3, { label: 0, header: true }), p3, undefined, /no data rows/);
  });

  it("rejects label and target columns out of range", () => {
    const p = file("1,2,3\n");
    expectDataError(() => loadCsv(p, { label: 3, header: false }), p, undefined, /label column 3 is out of range/, /3 columns/);
    expectDataError(() => loadCsv(p, { targets: [0, 7], header: false }), p, undefined, /target column 7 is out of range/);
  });

  it("rejects a file with no feature columns left", () => {
    const p = file("1,2\n");
    expectDataError(() => loadCsv(p, { targets: [0, 1], header: false }), p, undefined, /at least one feature/);
  });

  it("names a missing file", () => {
    const p = `${dir}/missing.csv`;
    expectDataError(() => loadCsv(p, { header: false }), p, undefined, /not found/);
  });
});
