import { expect } from "vitest";
import { DataError } from "../../../runtime/data/index.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "nnc-data-"));
}

/** Builds IDX bytes independently of the loader: big-endian magic 0x0000TTDD, dims, then the body. */
export function idxBytes(type: number, dims: number[], body: ArrayLike<number>): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Array.from(body))]);
}

export function writeFile(dir: string, name: string, data: string | Buffer, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(data) : data);
  return path;
}

/** Asserts a DataError for `path` whose message names the path (and line) and matches every pattern. */
export function expectDataError(fn: () => unknown, path: string, line: number | undefined, ...parts: RegExp[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DataError);
  const err = caught as DataError;
  expect(err.path).toBe(path);
  expect(err.line).toBe(line);
  expect(err.message).toContain(line === undefined ? path : `${path}:${line}`);
  for (const p of parts) expect(err.message).toMatch(p);
}
