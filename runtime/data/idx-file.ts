/**
 * Reading IDX files from disk (Node), gzipped or not; gzip is recognised by its magic bytes 1f 8b, not the
 * name. Nothing is read or inflated beyond what the header declares: the header comes from the file's first
 * bytes (for gzip, from inflating a short prefix of the compressed stream), is checked (magic, element
 * type, dimensions, size limit), and only then is the body read, or inflated with the header's total as
 * the output limit. A 4 MB gzip bomb that inflates to 4 GiB is refused after inflating at most what its
 * header declares (and at most IDX_MAX_BODY_BYTES), not after inflating it all.
 */
import { nodeZlib } from "../node.ts";

const zlib = (path: string) => nodeZlib(`decompressing ${path}`, "in a browser, fetchIdx decompresses with DecompressionStream");
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import { closeDataFile, openDataFile, readDataRange, type DataFile } from "./read-file.ts";
import {
  IDX_MAX_BODY_BYTES,
  IDX_MAX_HEADER_BYTES,
  idxDataset,
  idxLengthError,
  parseIdxHeader,
  type IdxArray,
  type IdxRole,
} from "./idx.ts";

/** Gzip enlarges incompressible data by well under 1 %: a larger compressed file cannot hold a body we accept. */
const MAX_COMPRESSED_BYTES = Math.ceil(IDX_MAX_BODY_BYTES * 1.01) + 65536;

function gzipError(path: string, e: unknown): DataError {
  return new DataError(path, `starts like gzip but cannot be decompressed (${(e as Error).message})`);
}

/**
 * The first bytes of the decompressed stream (at least `want`, unless the stream is shorter), from a prefix
 * of the compressed bytes: 1 KiB of compressed input inflates to at most about 1 MiB, and the prefix only
 * grows while the output is still too short.
 */
function inflatePrefix(path: string, compressed: Uint8Array, want: number): Uint8Array {
  for (let n = 1024; ; n *= 4) {
    const part = compressed.subarray(0, Math.min(n, compressed.length));
    let out: Uint8Array;
    try {
      // Z_SYNC_FLUSH: a cut-short stream yields what it holds instead of "unexpected end of file".
      const { constants, gunzipSync } = zlib(path);
      out = gunzipSync(part, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      throw gzipError(path, e);
    }
    if (out.length >= want || part.length === compressed.length) return out;
  }
}

function readGzipIdx(f: DataFile, role: IdxRole): IdxArray {
  if (f.size > MAX_COMPRESSED_BYTES) throw new DataError(f.path, `is ${f.size} bytes of gzip; at most ${MAX_COMPRESSED_BYTES} can be read`);
  const compressed = readDataRange(f, 0, f.size);
  const header = parseIdxHeader(f.path, inflatePrefix(f.path, compressed, IDX_MAX_HEADER_BYTES), role);
  const total = header.headerBytes + header.bodyBytes;
  let bytes: Uint8Array;
  try {
    bytes = zlib(f.path).gunzipSync(compressed, { maxOutputLength: Math.max(total, 1) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new DataError(
        f.path,
        `decompresses to more than the ${total} bytes its IDX header [${header.dims.join(", ")}] declares (trailing bytes)`,
      );
    }
    throw gzipError(f.path, e);
  }
  if (bytes.length !== total) throw idxLengthError(f.path, header, bytes.length - header.headerBytes);
  return { dims: header.dims, body: bytes.subarray(header.headerBytes) };
}

function readPlainIdx(f: DataFile, prefix: Uint8Array, role: IdxRole): IdxArray {
  const header = parseIdxHeader(f.path, prefix, role);
  const actual = f.size - header.headerBytes;
  if (actual !== header.bodyBytes) throw idxLengthError(f.path, header, actual);
  return { dims: header.dims, body: readDataRange(f, header.headerBytes, header.bodyBytes) };
}

/** One IDX file, checked against `role`'s magic; refuses pipes, devices and directories (openDataFile). */
export function readIdxFile(path: string, role: IdxRole): IdxArray {
  const f = openDataFile(path, `an IDX ${role} file (optionally gzipped)`);
  try {
    const prefix = readDataRange(f, 0, Math.min(f.size, IDX_MAX_HEADER_BYTES));
    return prefix.length >= 2 && prefix[0] === 0x1f && prefix[1] === 0x8b ? readGzipIdx(f, role) : readPlainIdx(f, prefix, role);
  } finally {
    closeDataFile(f);
  }
}

export function loadIdx(imagesPath: string, labelsPath: string): Dataset {
  return idxDataset(readIdxFile(imagesPath, "images"), readIdxFile(labelsPath, "labels"), imagesPath, labelsPath);
}
