import { endianness } from "node:os";
import { writeFileAtomic } from "./atomic.ts";
import { CheckpointError } from "./errors.ts";
import {
  CHECKSUM_KEY,
  DTYPE_BYTES,
  dataChecksum,
  elementCount,
  type TensorData,
} from "./tensor.ts";

function checkTensor(path: string, name: string, t: TensorData): void {
  const expectedArray =
    t.dtype === "F32"
      ? Float32Array
      : t.dtype === "F64"
        ? Float64Array
        : BigInt64Array;
  if (!(t.data instanceof expectedArray)) {
    throw new CheckpointError(
      path,
      `tensor "${name}": dtype ${t.dtype} needs a ${expectedArray.name}, got ${t.data.constructor.name}`,
    );
  }
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new CheckpointError(
      path,
      `tensor "${name}": shape [${t.shape.join(", ")}] is not a list of non-negative integers`,
    );
  }
  if (t.data.length !== elementCount(t.shape)) {
    throw new CheckpointError(
      path,
      `tensor "${name}": shape [${t.shape.join(", ")}] needs ${elementCount(t.shape)} elements, data has ${t.data.length}`,
    );
  }
}

/**
 * Writes a safetensors file atomically (see writeFileAtomic). Tensors are laid out back to back, 8-byte
 * dtypes first (then insertion order), so every tensor starts at a multiple of its element size; the
 * metadata gains `checksum` = sha256 of the data section.
 */
export function writeSafetensors(
  path: string,
  tensors: Map<string, TensorData>,
  metadata: Record<string, string>,
): void {
  if (endianness() !== "LE")
    throw new CheckpointError(
      path,
      "writing safetensors needs a little-endian machine",
    );
  for (const [name, t] of tensors) {
    if (name === "__metadata__")
      throw new CheckpointError(
        path,
        `"__metadata__" is reserved and cannot name a tensor`,
      );
    checkTensor(path, name, t);
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string")
      throw new CheckpointError(
        path,
        `metadata "${k}" is a ${typeof v}; safetensors metadata values must be strings`,
      );
  }
  const ordered = [...tensors].sort(
    ([, a], [, b]) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype],
  );
  let total = 0;
  for (const [, t] of ordered) total += t.data.byteLength;
  const data = new Uint8Array(total);
  const entries: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of ordered) {
    data.set(
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      offset,
    );
    entries[name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  const header = {
    __metadata__: { ...metadata, [CHECKSUM_KEY]: dataChecksum(data) },
    ...entries,
  };
  let json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length)
    json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const file = new Uint8Array(8 + json.length + data.length);
  new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
  file.set(json, 8);
  file.set(data, 8 + json.length);
  writeFileAtomic(path, file);
}
