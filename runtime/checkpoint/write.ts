import { writeFileAtomic } from "./atomic.ts";
import { CheckpointError } from "./errors.ts";
import { CHECKSUM_KEY, DTYPE_BYTES, dataChecksum, elementCount, type TensorData } from "./tensor.ts";

function checkTensor(path: string, name: string, t: TensorData): void {
  const expectedArray = t.dtype === "F32" ? Float32Array : t.dtype === "F64" ? Float64Array : BigInt64Array;
  if (!(t.data instanceof expectedArray)) {
    throw new CheckpointError(path, `tensor "${name}": dtype ${t.dtype} needs a ${expectedArray.name}, got ${t.data.constructor.name}`);
  }
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new CheckpointError(path, `tensor "${name}": shape [${t.shape.join(", ")}] is not a list of non-negative integers`);
  }
  if (t.data.length !== elementCount(t.shape)) {
    throw new CheckpointError(
      path,
      `tensor "${name}": shape [${t.shape.join(", ")}] needs ${elementCount(t.shape)} elements, data has ${t.data.length}`,
    );
  }
}

/** Typed arrays use the machine's byte order; safetensors is little-endian. */
export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes a safetensors file atomically (see writeFileAtomic and safetensorsBytes). */
export function writeSafetensors(path: string, tensors: Map<string, TensorData>, metadata: Record<string, string>): void {
  writeFileAtomic(path, safetensorsBytes(tensors, metadata, path));
}

/**
 * The bytes of a safetensors file (what a page offers as a download). Tensors are laid out back to back,
 * 8-byte dtypes first (then insertion order), so every tensor starts at a multiple of its element size;
 * the metadata gains `checksum` = sha256 of the data section. `path` names the file in errors.
 */
export function safetensorsBytes(tensors: Map<string, TensorData>, metadata: Record<string, string>, path = "safetensors"): Uint8Array {
  if (!littleEndian) throw new CheckpointError(path, "writing safetensors needs a little-endian machine");
  for (const [name, t] of tensors) {
    if (name === "__metadata__") throw new CheckpointError(path, `"__metadata__" is reserved and cannot name a tensor`);
    checkTensor(path, name, t);
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string")
      throw new CheckpointError(path, `metadata "${k}" is a ${typeof v}; safetensors metadata values must be strings`);
  }
  const ordered = [...tensors].sort(([, a], [, b]) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype]);
  let total = 0;
  for (const [, t] of ordered) total += t.data.byteLength;
  const data = new Uint8Array(total);
  const entries: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of ordered) {
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), offset);
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
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + padded + data.length);
  new DataView(file.buffer).setBigUint64(0, BigInt(padded), true);
  file.set(json, 8);
  file.fill(0x20, 8 + json.length, 8 + padded);
  file.set(data, 8 + padded);
  return file;
}
