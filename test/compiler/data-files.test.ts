/**
 * Issue 14, item 8: `nnc check` compares the data files with the spec from their headers (bounded reads)
 * and reports each mismatch at the spec text it concerns.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.ts";
import { check } from "../../compiler/index.ts";
import { readHeadersNow } from "../../cli/data-headers.ts";
import { at, atIn, describeDiagnostic } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-data-check-"));

/** IDX bytes: magic 0x0000080N, dims, then the body. */
function idx(dims: number[], body: Uint8Array): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, body]);
}

const files: Record<string, Uint8Array | string> = {
  "images.gz": gzipSync(idx([20, 4, 4], new Uint8Array(20 * 16))),
  "labels.gz": gzipSync(
    idx(
      [20],
      Uint8Array.from({ length: 20 }, (_, i) => i % 3),
    ),
  ),
  "labels-19.gz": gzipSync(
    idx(
      [19],
      Uint8Array.from({ length: 19 }, (_, i) => i % 3),
    ),
  ),
  "labels-big.gz": gzipSync(
    idx(
      [20],
      Uint8Array.from({ length: 20 }, (_, i) => i % 5),
    ),
  ),
  "rows.csv": "x,y,z,label\n" + Array.from({ length: 30 }, (_, i) => `${i},${-i},${i / 2},${i % 3}`).join("\n") + "\n",
  "noheader.csv": Array.from({ length: 30 }, (_, i) => `${i},${-i},${i / 2},${i % 3}`).join("\n") + "\n",
  "ragged.csv": "1,2,3,0\n4,5,6,1\n7,8,2\n",
  "fraction.csv": "1,2,3,0\n4,5,6,1.5\n",
  "wide.csv": Array.from({ length: 10 }, (_, i) => `${i},${i},${i},${i},${i},${i % 3}`).join("\n") + "\n",
};
for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);

function spec(data: string, input = "[3]", out = 3): string {
  return `data {
${data}
}
model {
  input = ${input}
  fc1: dense(8)
  relu
  out: dense(${out})
  loss = cross_entropy()
}
train {
  optimizer = adam()
  epochs = 2
}
`;
}

function diagnose(text: string): { list: string[]; messages: string[] } {
  const parsed = parse(text);
  const r = check(parsed.file, { source: "spec.nn", baseDir: dir, dataHeaders: readHeadersNow() });
  const data = r.diagnostics.filter((d) => d.code.startsWith("NN6"));
  return { list: data.map(describeDiagnostic), messages: data.map((d) => `${d.code}: ${d.message}`) };
}

function expectData(text: string, expected: string[]): string[] {
  const { list, messages } = diagnose(text);
  expect(list.sort(), messages.join("\n")).toEqual([...expected].sort());
  return messages;
}

describe("data files against the spec", () => {
  it("accepts data that fits", () => {
    expect(diagnose(spec('  train = csv("rows.csv", label = 3, header = true)')).list).toEqual([]);
    expect(diagnose(spec('  train = idx("images.gz", "labels.gz")', "[1, 4, 4]")).list).toEqual([]);
  });

  it("NN6001: a missing file, at its path", () => {
    const text = spec('  train = csv("missing.csv", label = 3)');
    const [m] = expectData(text, [at(text, "error", "NN6001", '"missing.csv"')]);
    expect(m).toBe(`NN6001: ${join(dir, "missing.csv")}: file not found`);
  });

  it("NN6001: a labels file given as images (IDX magic), at its path", () => {
    const text = spec('  train = idx("labels.gz", "labels.gz")', "[16]");
    const [m] = expectData(text, [at(text, "error", "NN6001", '"labels.gz"')]);
    expect(m).toContain("wrong IDX magic 0x00000801 (1 dimensions) for images; expected 0x00000803");
  });

  it("NN6002: images and labels of different counts, at the source", () => {
    const text = spec('  train = idx("images.gz", "labels-19.gz")', "[16]");
    const [m] = expectData(text, [at(text, "error", "NN6002", 'idx("images.gz", "labels-19.gz")')]);
    expect(m).toBe("NN6002: images.gz holds 20 images but labels-19.gz holds 19 labels; expected one label per image");
  });

  it("NN6003: an input size other than the IDX images', at `input`", () => {
    const text = spec('  train = idx("images.gz", "labels.gz")', "[784]");
    const [m] = expectData(text, [at(text, "error", "NN6003", "[784]")]);
    expect(m).toBe("NN6003: `input = [784]` (784 features) but the training data has 16 features per row (images.gz: images of 4 × 4)");
  });

  it("NN6003: an input size other than the CSV's feature columns, at `input`", () => {
    const text = spec('  train = csv("rows.csv", label = 3, header = true)', "[4]");
    const [m] = expectData(text, [at(text, "error", "NN6003", "[4]")]);
    expect(m).toBe(
      "NN6003: `input = [4]` (4 features) but the training data has 3 features per row (rows.csv: 4 columns, 1 of them the label)",
    );
  });

  it("NN6003: a test file of another width, at `input`", () => {
    const text = spec('  train = csv("rows.csv", label = 3, header = true)\n  test = csv("wide.csv", label = 5)');
    const [m] = expectData(text, [at(text, "error", "NN6003", "[3]")]);
    expect(m).toContain("the test data has 5 features per row (wide.csv: 6 columns");
  });

  it("NN6003: pca_whiten keeping more components than the data has, at the step", () => {
    const text = spec('  train = csv("rows.csv", label = 3, header = true)\n  preprocess = [pca_whiten(components = 5)]', "[5]");
    expectData(text, [at(text, "error", "NN6003", "pca_whiten(components = 5)")]);
  });

  it("NN6004: a label column beyond the file's columns, at `label = …`", () => {
    const text = spec('  train = csv("rows.csv", label = 7, header = true)');
    const [m] = expectData(text, [atIn(text, "error", "NN6004", "label = 7", "7")]);
    expect(m).toBe("NN6004: label column 7 is out of range: rows.csv has 4 columns (0-based 0..3)");
  });

  it("NN6004: a target column beyond the file's columns, at `targets`", () => {
    const text = spec('  train = csv("rows.csv", targets = [9], header = true)')
      .replace("cross_entropy()", "mse()")
      .replace("dense(3)", "dense(1)");
    expectData(text, [at(text, "error", "NN6004", "[9]")]);
  });

  it("NN6005: CSV labels beyond the model's classes, at `label = …`", () => {
    const text = spec('  train = csv("rows.csv", label = 3, header = true)', "[3]", 2);
    const [m] = expectData(text, [atIn(text, "error", "NN6005", "label = 3", "3")]);
    expect(m).toBe("NN6005: the training labels in rows.csv include 2, but the model outputs 2 scores (classes 0..1)");
  });

  it("NN6005: IDX labels beyond the model's classes, at the labels path", () => {
    const text = spec('  train = idx("images.gz", "labels-big.gz")', "[16]");
    const [m] = expectData(text, [at(text, "error", "NN6005", '"labels-big.gz"')]);
    expect(m).toBe("NN6005: the training labels in labels-big.gz include 4, but the model outputs 3 scores (classes 0..2)");
  });

  it("NN6005: a label that is not an integer, with its line", () => {
    const text = spec('  train = csv("fraction.csv", label = 3)');
    const [m] = expectData(text, [atIn(text, "error", "NN6005", "label = 3", "3")]);
    expect(m).toBe("NN6005: label column 3 of fraction.csv holds 1.5 on line 2; a class label is an integer 0, 1, …");
  });

  it("NN6006: a header line read as data, at the source", () => {
    const text = spec('  train = csv("rows.csv", label = 3)');
    const [m] = expectData(text, [at(text, "error", "NN6006", 'csv("rows.csv", label = 3)')]);
    expect(m).toBe(
      "NN6006: the first line of rows.csv is not all numbers (`x`, `y`, `z`, `label`): it looks like a header; add `header = true`",
    );
  });

  it("NN6006: header = true on a file whose first line is numbers (warning)", () => {
    const text = spec('  train = csv("noheader.csv", label = 3, header = true)');
    expectData(text, [atIn(text, "warning", "NN6006", "header = true", "true")]);
  });

  it("NN6007: rows of different lengths, with the line", () => {
    const text = spec('  train = csv("ragged.csv", label = 3)');
    const [m] = expectData(text, [at(text, "error", "NN6007", 'csv("ragged.csv", label = 3)')]);
    expect(m).toBe("NN6007: line 3 of ragged.csv has 3 cells but the first line has 4");
  });

  it("reads only the start of a large file", () => {
    // 40,000 rows (~700 KB): the checker reads 64 KiB and judges the labels it saw.
    const big = Array.from({ length: 40_000 }, (_, i) => `${i % 10},${i % 7},${i % 5},${i < 39_000 ? i % 3 : 7}`).join("\n") + "\n";
    writeFileSync(join(dir, "big.csv"), big);
    expect(diagnose(spec('  train = csv("big.csv", label = 3)')).list).toEqual([]);
  });
});
