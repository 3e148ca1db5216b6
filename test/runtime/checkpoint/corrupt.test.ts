import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { readSafetensors, writeSafetensors } from "../../../runtime/checkpoint/index.ts";
import { expectCheckpointError, safetensorsBytes, tempDir, writeBytes } from "./helpers.ts";

const dir = tempDir();
const data16 = new Uint8Array(16);
const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: "F32",
  shape,
  data_offsets: [begin, end],
});

/** Each case: file name, bytes, patterns the message must match. */
const cases: [string, Uint8Array, RegExp[]][] = [
  ["short.safetensors", new Uint8Array(5), [/5 bytes, shorter than the 8-byte/]],
  ["empty.safetensors", new Uint8Array(0), [/0 bytes/]],
  [
    "huge-header.safetensors",
    (() => {
      const b = safetensorsBytes({}, data16);
      b.writeBigUInt64LE(10_000n);
      return b;
    })(),
    [/header length 10000 goes beyond the end of the file/],
  ],
  ["bad-json.safetensors", safetensorsBytes(null, data16, '{"a": {"dtype": '), [/header is not valid JSON/]],
  ["array-header.safetensors", safetensorsBytes([1, 2], new Uint8Array(0)), [/not a JSON object/]],
  [
    "f16.safetensors",
    safetensorsBytes({ w: { dtype: "F16", shape: [8], data_offsets: [0, 16] } }, data16),
    [/"w"/, /unsupported dtype "F16"/],
  ],
  ["size-mismatch.safetensors", safetensorsBytes({ w: f32([3], 0, 16) }, data16), [/"w"/, /needs 12 bytes but data_offsets span 16/]],
  ["out-of-range.safetensors", safetensorsBytes({ w: f32([8], 8, 40) }, data16), [/"w"/, /\[8, 40\] are out of range/]],
  ["reversed.safetensors", safetensorsBytes({ w: f32([0], 12, 8) }, data16), [/out of range/]],
  ["overlap.safetensors", safetensorsBytes({ a: f32([3], 0, 12), b: f32([3], 4, 16) }, data16), [/"a" and "b" overlap/]],
  ["gap.safetensors", safetensorsBytes({ a: f32([2], 0, 8), b: f32([1], 12, 16) }, data16), [/bytes 8..12 .* belong to no tensor/]],
  ["uncovered.safetensors", safetensorsBytes({ a: f32([2], 0, 8) }, data16), [/16 bytes but the tensors cover only 8/]],
  ["bad-shape.safetensors", safetensorsBytes({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 16] } }, data16), [/"a"/, /shape/]],
  ["bad-offsets.safetensors", safetensorsBytes({ a: { dtype: "F32", shape: [4], data_offsets: [0] } }, data16), [/"a"/, /data_offsets/]],
  ["entry-not-object.safetensors", safetensorsBytes({ a: 7 }, data16), [/"a"/, /not an object/]],
  [
    "metadata-number.safetensors",
    safetensorsBytes({ __metadata__: { step: 3 }, a: f32([4], 0, 16) }, data16),
    [/__metadata__ "step" is not a string/],
  ],
];

describe("readSafetensors rejects corrupt files", () => {
  for (const [name, bytes, patterns] of cases) {
    it(`names the problem in ${name}`, () => {
      const path = writeBytes(dir, name, bytes);
      expectCheckpointError(() => readSafetensors(path), path, ...patterns);
    });
  }

  it("detects a flipped data byte through the checksum", () => {
    const path = join(dir, "flipped.safetensors");
    writeSafetensors(path, new Map([["w", { dtype: "F32", shape: [4], data: Float32Array.from([1, 2, 3, 4]) }]]), {});
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0x40;
    const corrupt = writeBytes(dir, "flipped-corrupt.safetensors", bytes);
    expectCheckpointError(() => readSafetensors(corrupt), corrupt, /checksum mismatch: the file is corrupt or truncated/);
  });

  it("detects a truncated file", () => {
    const path = join(dir, "whole.safetensors");
    writeSafetensors(path, new Map([["w", { dtype: "F64", shape: [4], data: Float64Array.from([1, 2, 3, 4]) }]]), {});
    const bytes = readFileSync(path);
    const cut = writeBytes(dir, "cut.safetensors", bytes.subarray(0, bytes.length - 8));
    expectCheckpointError(() => readSafetensors(cut), cut, /"w"/, /out of range/);
  });

  it("names a missing file", () => {
    const path = join(dir, "missing.safetensors");
    expectCheckpointError(() => readSafetensors(path), path, /file not found/);
  });
});
