import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSafetensors, type TensorData, writeSafetensors } from "../../../runtime/checkpoint/index.ts";
import { safetensorsBytes, tempDir, writeBytes } from "./helpers.ts";

const dir = tempDir();

function sample(): Map<string, TensorData> {
  return new Map<string, TensorData>([
    [
      "fc1.weight",
      {
        dtype: "F32",
        shape: [2, 3],
        data: Float32Array.from([1.5, -2, 3.25, 0, 1e-30, -7]),
      },
    ],
    ["fc1.bias", { dtype: "F32", shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) }],
    ["ema.weight", { dtype: "F64", shape: [2], data: Float64Array.from([Math.PI, -1 / 3]) }],
    ["bn1.num_batches_tracked", { dtype: "I64", shape: [], data: BigInt64Array.from([123456789012345n]) }],
    ["lr", { dtype: "F64", shape: [], data: Float64Array.from([0.001]) }],
    ["empty", { dtype: "F32", shape: [0, 4], data: new Float32Array(0) }],
  ]);
}

describe("safetensors round trip", () => {
  it("reads back every dtype, shape (including scalars) and value exactly", () => {
    const path = join(dir, "round.safetensors");
    const tensors = sample();
    writeSafetensors(path, tensors, { format: "pt", step: "30" });
    const back = readSafetensors(path);
    expect([...back.tensors.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, t] of tensors) {
      const r = back.tensors.get(name)!;
      expect(r.dtype).toBe(t.dtype);
      expect(r.shape).toEqual(t.shape);
      expect(r.data.constructor).toBe(t.data.constructor);
      expect(Array.from(r.data as ArrayLike<number | bigint>)).toEqual(Array.from(t.data as ArrayLike<number | bigint>));
    }
    expect(back.metadata.format).toBe("pt");
    expect(back.metadata.step).toBe("30");
    expect(back.metadata.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("writes a standard layout: padded header, 8-byte dtypes first, aligned offsets", () => {
    const path = join(dir, "layout.safetensors");
    writeSafetensors(path, sample(), {});
    const file = readFileSync(path);
    const n = Number(file.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(file.subarray(8, 8 + n).toString("utf8"));
    const entries = Object.entries(header).filter(([k]) => k !== "__metadata__") as [string, any][];
    entries.sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    const sizes = entries.map(([, e]) => (e.dtype === "F32" ? 4 : 8));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const [, e] of entries) expect(e.data_offsets[0] % (e.dtype === "F32" ? 4 : 8)).toBe(0);
    const last = entries[entries.length - 1][1].data_offsets[1];
    expect(file.length).toBe(8 + n + last);
    // Values sit little-endian at their offsets (independent of the reader).
    const scalar = header["bn1.num_batches_tracked"].data_offsets[0];
    expect(file.readBigInt64LE(8 + n + scalar)).toBe(123456789012345n);
  });

  it("reads files without a checksum or metadata", () => {
    const body = Buffer.alloc(8);
    body.writeDoubleLE(2.5);
    const header = { x: { dtype: "F64", shape: [1], data_offsets: [0, 8] } };
    const path = writeBytes(dir, "plain.safetensors", safetensorsBytes(header, body));
    const back = readSafetensors(path);
    expect(back.metadata).toEqual({});
    expect(Array.from(back.tensors.get("x")!.data as Float64Array)).toEqual([2.5]);
  });

  it("refuses to write data that does not match the declared shape or dtype", () => {
    const path = join(dir, "bad-write.safetensors");
    expect(() => writeSafetensors(path, new Map([["w", { dtype: "F32", shape: [2, 2], data: new Float32Array(3) }]]), {})).toThrow(
      /needs 4 elements, data has 3/,
    );
    expect(() => writeSafetensors(path, new Map([["w", { dtype: "F64", shape: [1], data: new Float32Array(1) }]]), {})).toThrow(
      /F64 needs a Float64Array/,
    );
  });
});
