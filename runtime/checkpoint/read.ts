import { closeFile, openRegularFile, readAt } from "../files/regular-file.ts";
import { CheckpointError } from "./errors.ts";
import { littleEndian } from "./write.ts";
import { CHECKSUM_KEY, DTYPE_BYTES, dataChecksum, elementCount, isDtype, type Dtype, type TensorData } from "./tensor.ts";

interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The whole file, when it is a regular file (a FIFO would block, /dev/zero never ends). */
function readBytes(path: string): Buffer {
  const opened = openRegularFile(path, "a safetensors checkpoint");
  if ("problem" in opened) throw new CheckpointError(path, opened.problem, { cause: opened.cause });
  try {
    return readAt(opened.fd, 0, opened.size);
  } catch (e) {
    throw new CheckpointError(path, `cannot be read (${(e as Error).message})`, { cause: e });
  } finally {
    closeFile(opened.fd);
  }
}

function parseHeader(path: string, file: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (file.length < 8) {
    throw new CheckpointError(path, `file is ${file.length} bytes, shorter than the 8-byte safetensors header length`);
  }
  const n = new DataView(file.buffer, file.byteOffset, file.byteLength).getBigUint64(0, true);
  if (n > BigInt(file.length - 8)) {
    throw new CheckpointError(path, `header length ${n} goes beyond the end of the file (${file.length - 8} bytes after the length)`);
  }
  const dataStart = 8 + Number(n);
  let text: string;
  let header: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.subarray(8, dataStart));
    header = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(path, `header is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!isObject(header)) throw new CheckpointError(path, "header is not a JSON object");
  return { header, dataStart };
}

function parseEntry(path: string, name: string, v: unknown, dataLength: number): Entry {
  const bad = (what: string): never => {
    throw new CheckpointError(path, `tensor "${name}": ${what}`);
  };
  if (!isObject(v)) return bad("header entry is not an object");
  if (!isDtype(v.dtype)) return bad(`unsupported dtype ${JSON.stringify(v.dtype)}; expected F32, F64 or I64`);
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) return bad(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  const offsets = v.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return bad(`data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end || end > dataLength) {
    return bad(`data_offsets [${begin}, ${end}] are out of range of the ${dataLength}-byte data section`);
  }
  const expected = elementCount(shape) * DTYPE_BYTES[v.dtype];
  if (end - begin !== expected) {
    return bad(`shape [${shape.join(", ")}] of ${v.dtype} needs ${expected} bytes but data_offsets span ${end - begin}`);
  }
  return { name, dtype: v.dtype, shape: shape as number[], begin, end };
}

/** Tensors must tile the data section exactly: no overlap, no gap, nothing left over. */
function checkCoverage(path: string, entries: Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < covered && e.end > e.begin) {
      throw new CheckpointError(
        path,
        `tensors "${previous!.name}" and "${e.name}" overlap (bytes ${e.begin}..${covered} of the data section)`,
      );
    }
    if (e.begin > covered) {
      throw new CheckpointError(path, `bytes ${covered}..${e.begin} of the data section belong to no tensor`);
    }
    if (e.end > covered) {
      covered = e.end;
      previous = e;
    }
  }
  if (covered !== dataLength) {
    throw new CheckpointError(path, `data section has ${dataLength} bytes but the tensors cover only ${covered}`);
  }
}

function parseMetadata(path: string, v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw new CheckpointError(path, "__metadata__ is not an object of strings");
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== "string") throw new CheckpointError(path, `__metadata__ "${k}" is not a string`);
  }
  return v as Record<string, string>;
}

/** Reads and fully validates a safetensors file; every problem throws a CheckpointError naming the path. */
export function readSafetensors(path: string): {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
} {
  return parseSafetensors(readBytes(path), path);
}

/** Validates and decodes the bytes of a safetensors file; `path` (or a URL) names it in errors. */
export function parseSafetensors(
  file: Uint8Array,
  path = "safetensors",
): {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
} {
  if (!littleEndian) throw new CheckpointError(path, "reading safetensors needs a little-endian machine");
  const { header, dataStart } = parseHeader(path, file);
  const data = file.subarray(dataStart);
  const metadata = parseMetadata(path, header.__metadata__);
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name !== "__metadata__") entries.push(parseEntry(path, name, v, data.length));
  }
  checkCoverage(path, entries, data.length);
  const expectedSum = metadata[CHECKSUM_KEY];
  if (expectedSum !== undefined) {
    const actual = dataChecksum(data);
    if (actual !== expectedSum) {
      throw new CheckpointError(
        path,
        `checksum mismatch: the file is corrupt or truncated (header says ${expectedSum}, data hash to ${actual})`,
      );
    }
  }
  const tensors = new Map<string, TensorData>();
  for (const e of entries) {
    // Copy into a fresh buffer: the tensor's offset in the file need not be aligned to its element size.
    const bytes = new Uint8Array(data.subarray(e.begin, e.end)).buffer;
    const array = e.dtype === "F32" ? new Float32Array(bytes) : e.dtype === "F64" ? new Float64Array(bytes) : new BigInt64Array(bytes);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: array });
  }
  return { tensors, metadata };
}
