/**
 * The browser's data loaders (fetchIdx, fetchCsv), run in Node, which has fetch and DecompressionStream:
 * against a local HTTP server they read what the file loaders read, and a bad file fails with the URL
 * (and the HTTP status, or the CSV line) instead of a path.
 */
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, datasetFromArrays, fetchCsv, fetchIdx } from "../../../runtime/data/index.ts";
import { idxBytes } from "./helpers.ts";

const pixels = Array.from({ length: 18 }, (_, i) => (i * 37) % 256);
const files: Record<string, Uint8Array | string> = {
  "/images.gz": gzipSync(idxBytes(0x08, [3, 2, 3], pixels)),
  "/labels": idxBytes(0x08, [3], [2, 0, 4]),
  "/bad.gz": Buffer.from([0x1f, 0x8b, 1, 2, 3]),
  "/rows.csv": "x,y,label\n0.5,-1,1\n2,3.25,0\n",
  "/ragged.csv": "x,y,label\n0.5,-1,1\n2,3.25\n",
};
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (body === undefined) res.writeHead(404, "Not Found").end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function dataError(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe("fetchIdx", () => {
  it("reads gzipped and raw IDX files by URL, as loadIdx reads them from disk", async () => {
    const d = await fetchIdx(`${base}/images.gz`, new URL(`${base}/labels`));
    expect(d.shape).toEqual([1, 2, 3]);
    expect(Array.from(d.x)).toEqual(pixels);
    expect(Array.from(d.labels!)).toEqual([2, 0, 4]);
    expect(d.source).toBe(`${base}/images.gz`);
  });

  it("names the URL and the HTTP status of a file the server does not have", async () => {
    const e = await dataError(fetchIdx(`${base}/missing-images.gz`, `${base}/labels`));
    expect(e.path).toBe(`${base}/missing-images.gz`);
    expect(e.message).toBe(`${base}/missing-images.gz: cannot be fetched: HTTP 404 Not Found (no such file on the server)`);
  });

  it("names the URL of a server that cannot be reached", async () => {
    const e = await dataError(fetchIdx("http://127.0.0.1:1/images.gz", `${base}/labels`));
    expect(e.message).toMatch(/^http:\/\/127\.0\.0\.1:1\/images\.gz: cannot be fetched \(/);
  });

  it("rejects a file that starts like gzip but is not, naming the URL", async () => {
    const e = await dataError(fetchIdx(`${base}/bad.gz`, `${base}/labels`));
    expect(e.message).toMatch(new RegExp(`^${base}/bad\\.gz: starts like gzip but cannot be decompressed`));
  });
});

describe("fetchCsv", () => {
  it("reads a CSV file by URL", async () => {
    const d = await fetchCsv(`${base}/rows.csv`, { label: 2, header: true });
    expect(Array.from(d.x)).toEqual([0.5, -1, 2, 3.25]);
    expect(Array.from(d.labels!)).toEqual([1, 0]);
  });

  it("names the URL and the line of a malformed row", async () => {
    const e = await dataError(fetchCsv(`${base}/ragged.csv`, { label: 2, header: true }));
    expect(e.path).toBe(`${base}/ragged.csv`);
    expect(e.line).toBe(3);
    expect(e.message).toBe(`${base}/ragged.csv:3: ragged row: expected 3 columns, found 2`);
  });
});

describe("datasetFromArrays", () => {
  it("builds a classification set from plain arrays", () => {
    const d = datasetFromArrays({ x: [1, 2, 3, 4, 5, 6], shape: [2], labels: [0, 2, 1] });
    expect(d.n).toBe(3);
    expect(d.features).toBe(2);
    expect(d.classes).toBe(3);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(Array.from(d.labels!)).toEqual([0, 2, 1]);
  });

  it("builds a regression set with several targets per row", () => {
    const d = datasetFromArrays({ x: new Float32Array([1, 2, 3, 4]), shape: [1], targets: [1, 2, 3, 4, 5, 6, 7, 8], targetSize: 2 });
    expect(d.n).toBe(4);
    expect(d.targetSize).toBe(2);
    expect(d.classes).toBe(2);
  });

  it("says what does not fit", () => {
    expect(() => datasetFromArrays({ x: [1, 2, 3], shape: [2], labels: [0] })).toThrow(
      "arrays: x has 3 values; expected a positive multiple of 2",
    );
    expect(() => datasetFromArrays({ x: [1, 2], shape: [2], labels: [0, 1] })).toThrow(
      "arrays: 2 labels for 1 rows; expected one label per row",
    );
    expect(() => datasetFromArrays({ x: [1, 2], shape: [2] })).toThrow("give labels (classification) or targets (regression)");
    expect(() => datasetFromArrays({ x: [1, NaN], shape: [2], labels: [0], source: "points" })).toThrow("points: x[1] (row 0) is NaN");
    expect(() => datasetFromArrays({ x: [1, 2], shape: [2], labels: [1.5] })).toThrow("label 0 is 1.5");
  });
});
