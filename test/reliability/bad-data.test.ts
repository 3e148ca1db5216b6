/**
 * Corrupt data and checkpoints through the real CLI: `nnc train` on specs whose files are truncated,
 * malformed or mismatched ends with exit code 1 and one line naming the file and the problem — never a
 * stack trace. BOM and CRLF files are not corrupt and train.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

const idxSpec = `data {
  train = idx("images.idx", "labels.idx")
}
model {
  input = [4]
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  epochs = 1
  batch_size = 2
}
`;

function u32(...v: number[]): number[] {
  return v.flatMap((x) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
}
const goodImages = [0, 0, 8, 3, ...u32(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8];
const goodLabels = [0, 0, 8, 1, ...u32(2), 0, 1];

/** A safetensors file from a header object and a data section. */
function safetensors(header: unknown, data: number[] = [], lengthOverride?: number): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(lengthOverride ?? json.length));
  return Buffer.concat([len, json, Buffer.from(data)]);
}
const f32 = (n: number) => new Array(n * 4).fill(0);

function expectCleanError(r: { status: number | null; stderr: string }, file: string, problem: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  const last = r.stderr.trim().split("\n").at(-1)!;
  expect(last).toMatch(/^nnc: /);
  expect(last).toContain(file);
  expect(last).toMatch(problem);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

const cases: { name: string; spec: string; files: Record<string, string | Uint8Array>; file: string; problem: RegExp; args?: string[] }[] =
  [
    {
      name: "IDX images with a wrong magic number",
      spec: idxSpec,
      files: { "images.idx": Uint8Array.from([0, 0, 9, 3, ...goodImages.slice(4)]), "labels.idx": Uint8Array.from(goodLabels) },
      file: "images.idx",
      problem: /magic|type/i,
    },
    {
      name: "IDX images with a short body",
      spec: idxSpec,
      files: { "images.idx": Uint8Array.from(goodImages.slice(0, -3)), "labels.idx": Uint8Array.from(goodLabels) },
      file: "images.idx",
      problem: /short|truncated|expected|bytes/i,
    },
    {
      name: "IDX labels whose count differs from the images",
      spec: idxSpec,
      files: { "images.idx": Uint8Array.from(goodImages), "labels.idx": Uint8Array.from([0, 0, 8, 1, ...u32(3), 0, 1, 2]) },
      file: "labels.idx",
      problem: /2|3|count|match/i,
    },
    {
      name: "an empty IDX file",
      spec: idxSpec,
      files: { "images.idx": new Uint8Array(0), "labels.idx": Uint8Array.from(goodLabels) },
      file: "images.idx",
      problem: /empty|short|header|bytes/i,
    },
    {
      name: "a CSV with a ragged row",
      spec: syntheticSpec({ epochs: 1 }),
      files: { "train.csv": "a,b,c,d,label\n1,2,3,4,0\n1,2,3,0\n" },
      file: "train.csv",
      problem: /line 3|row|column|field/i,
    },
    {
      name: "a CSV with a non-numeric cell",
      spec: syntheticSpec({ epochs: 1 }),
      files: { "train.csv": "a,b,c,d,label\n1,2,3,4,0\n1,two,3,4,1\n" },
      file: "train.csv",
      problem: /two|number|numeric/i,
    },
    {
      name: "a CSV label out of range",
      spec: syntheticSpec({ epochs: 1 }),
      files: { "train.csv": "a,b,c,d,label\n1,2,3,4,0\n1,2,3,4,7\n" },
      file: "train.csv",
      problem: /7|label|class/i,
    },
    {
      name: "an empty CSV",
      spec: syntheticSpec({ epochs: 1 }),
      files: { "train.csv": "" },
      file: "train.csv",
      problem: /empty|no rows|no data|header/i,
    },
    {
      name: "a missing data file",
      spec: syntheticSpec({ epochs: 1 }).replace("train.csv", "gone.csv"),
      files: {},
      file: "gone.csv",
      problem: /no such|not found|cannot|missing|exist/i,
    },
  ];

const ckptSpec = syntheticSpec({ epochs: 1, hidden: 2 });
const goodHeader = {
  "fc1.weight": { dtype: "F32", shape: [2, 4], data_offsets: [0, 32] },
  "fc1.bias": { dtype: "F32", shape: [2], data_offsets: [32, 40] },
  "out.weight": { dtype: "F32", shape: [3, 2], data_offsets: [40, 64] },
  "out.bias": { dtype: "F32", shape: [3], data_offsets: [64, 76] },
};
const ckptCases: { name: string; bytes: Uint8Array; problem: RegExp }[] = [
  { name: "header length beyond the file", bytes: safetensors(goodHeader, f32(19), 1e6), problem: /header|length|beyond|exceeds|file/i },
  {
    name: "a header that is not JSON",
    bytes: Buffer.concat([Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("{not json")]),
    problem: /JSON/i,
  },
  {
    name: "offsets beyond the data",
    bytes: safetensors({ ...goodHeader, "out.bias": { dtype: "F32", shape: [3], data_offsets: [64, 400] } }, f32(19)),
    problem: /offset|range|beyond|outside/i,
  },
  {
    name: "overlapping tensors",
    bytes: safetensors({ ...goodHeader, "fc1.bias": { dtype: "F32", shape: [2], data_offsets: [24, 32] } }, f32(19)),
    problem: /overlap|gap|cover/i,
  },
  {
    name: "an unknown dtype",
    bytes: safetensors({ ...goodHeader, "fc1.bias": { dtype: "Q7", shape: [2], data_offsets: [32, 40] } }, f32(19)),
    problem: /dtype|Q7/i,
  },
  {
    name: "a shape that does not match the model",
    bytes: safetensors({ ...goodHeader, "fc1.weight": { dtype: "F32", shape: [4, 2], data_offsets: [0, 32] } }, f32(19)),
    problem: /shape/i,
  },
  {
    name: "a tensor name the model does not have",
    bytes: safetensors({ ...goodHeader, "fc9.bias": goodHeader["fc1.bias"], "fc1.bias": undefined }, f32(19)),
    problem: /missing|fc9|unexpected/i,
  },
];

describe("bad data through nnc train", () => {
  for (const c of cases) {
    it(`reports ${c.name} in one line naming the file`, () => {
      const dir = runFolder(c.spec, 10, c.files);
      folders.push(dir);
      expectCleanError(nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]), c.file, c.problem);
    });
  }
  for (const c of ckptCases) {
    it(`reports a checkpoint with ${c.name} given to --init`, () => {
      const dir = runFolder(ckptSpec, 10, { "init.safetensors": c.bytes });
      folders.push(dir);
      expectCleanError(
        nnc(["train", join(dir, "spec.nn"), "--init", join(dir, "init.safetensors"), "--out", join(dir, "run"), "--no-progress"]),
        "init.safetensors",
        c.problem,
      );
    });
  }

  it("trains on a CSV with a byte-order mark and CRLF line ends", () => {
    const csv = "\ufeffa,b,c,d,label\r\n" + Array.from({ length: 20 }, (_, i) => `${i % 3},1,0.5,-1,${i % 3}`).join("\r\n") + "\r\n";
    const dir = runFolder(syntheticSpec({ epochs: 1 }), 10, { "train.csv": csv });
    folders.push(dir);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
  });
});
