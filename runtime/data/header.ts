/**
 * What `nnc check` and the language server learn about a data file without loading it: the IDX header
 * (magic, dimensions) and the first labels, or a CSV file's column count, its first row and the values of
 * its first rows. Every read is bounded (HEADER_READ_BYTES of the file; a gzip prefix is inflated to at most
 * HEADER_INFLATE_BYTES), so a check stays quick on a 50 MB file and cannot be made to read a huge one.
 * Parsing is on bytes, so the synchronous reader here (CLI) and the language server's asynchronous one
 * share it.
 */
import { nodeZlib } from "../node.ts";
import { DataError } from "./errors.ts";
import { closeDataFile, openDataFile, readDataRange } from "./read-file.ts";
import { parseIdxHeader, type IdxRole } from "./idx.ts";

/** Bytes read from the start of a data file. */
export const HEADER_READ_BYTES = 64 * 1024;
/** Most bytes a gzip prefix is inflated to. */
export const HEADER_INFLATE_BYTES = 256 * 1024;

export interface IdxHeaderInfo {
  readonly kind: "idx";
  readonly dims: readonly number[];
  /** Labels files: the labels within the bytes read (a prefix of the file: `complete` says whether it is all). */
  readonly labels?: { readonly min: number; readonly max: number; readonly count: number; readonly complete: boolean };
}

export interface CsvHeaderInfo {
  readonly kind: "csv";
  /** Cells of the first line (a header line when the spec says `header = true`). */
  readonly firstLine: readonly string[];
  /** Rows after the header within the bytes read, each cell parsed as a number (NaN when it is not one). */
  readonly rows: readonly (readonly number[])[];
  /** Whether `rows` holds the whole file. */
  readonly complete: boolean;
}

export type DataHeaderInfo = IdxHeaderInfo | CsvHeaderInfo;

export type HeaderFormat = "idx-images" | "idx-labels" | "csv" | "csv-header";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The first bytes of the (decompressed) stream: gzip is recognised by its magic bytes, as the loaders do.
 * A growing piece of the compressed prefix is inflated until the output has what the file holds or would
 * pass HEADER_INFLATE_BYTES, so a gzip bomb costs no more than the bound.
 */
function decompressedPrefix(path: string, prefix: Uint8Array): Uint8Array {
  if (!(prefix.length >= 2 && prefix[0] === 0x1f && prefix[1] === 0x8b)) return prefix;
  const { constants, gunzipSync } = nodeZlib("reading a gzipped data file's header");
  let best = new Uint8Array(0);
  for (let n = 64; ; n *= 4) {
    const part = prefix.subarray(0, Math.min(n, prefix.length));
    try {
      // Z_SYNC_FLUSH: a prefix of the stream yields what it holds instead of "unexpected end of file".
      best = gunzipSync(part, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: HEADER_INFLATE_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return best;
      throw new DataError(path, `starts like gzip but cannot be decompressed (${(e as Error).message})`);
    }
    if (part.length === prefix.length) return best;
  }
}

/**
 * The first bytes of a gzip stream, inflated asynchronously with the platform's DecompressionStream (no
 * node:zlib needed, so it works in a browser): at most `limit` bytes are kept and the stream is cancelled
 * there, and a prefix of a stream ends where its data does (the truncation error is expected, not a fault).
 * Non-gzip bytes are returned as they are.
 */
export async function inflateGzipPrefix(path: string, prefix: Uint8Array, limit = HEADER_INFLATE_BYTES): Promise<Uint8Array> {
  if (!(prefix.length >= 2 && prefix[0] === 0x1f && prefix[1] === 0x8b)) return prefix;
  const reader = new Blob([new Uint8Array(prefix)]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const out = new Uint8Array(limit);
  let length = 0;
  try {
    while (length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, limit - length);
      out.set(value.subarray(0, take), length);
      length += take;
    }
  } catch (e) {
    if (length === 0) throw new DataError(path, `starts like gzip but cannot be decompressed (${(e as Error).message})`);
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return out.slice(0, length);
}

/**
 * Header facts from the first bytes of a file. `prefix` is at most HEADER_READ_BYTES of it; `wholeFile`
 * says whether that was the entire file.
 */
export function parseDataHeader(path: string, format: HeaderFormat, prefix: Uint8Array, wholeFile: boolean): DataHeaderInfo {
  if (format === "idx-images" || format === "idx-labels") {
    const role: IdxRole = format === "idx-images" ? "images" : "labels";
    const bytes = decompressedPrefix(path, prefix);
    const header = parseIdxHeader(path, bytes, role);
    if (role === "images") return { kind: "idx", dims: header.dims };
    const body = bytes.subarray(header.headerBytes, header.headerBytes + header.bodyBytes);
    let min = Infinity;
    let max = -Infinity;
    for (const v of body) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const complete = body.length === header.bodyBytes;
    return { kind: "idx", dims: header.dims, labels: { min, max, count: body.length, complete } };
  }
  let text = new TextDecoder("utf-8").decode(prefix);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  // The last line of a prefix may be cut short: only whole lines count.
  if (!wholeFile) lines.pop();
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0)
    throw new DataError(
      path,
      wholeFile
        ? "file is empty; expected rows of comma-separated numbers"
        : "has no line break in its first 64 KiB; expected rows of comma-separated numbers",
    );
  const firstLine = splitCells(lines[0]);
  const from = format === "csv-header" ? 1 : 0;
  const rows = lines.slice(from).map((l) => splitCells(l).map((c) => (NUMBER.test(c) ? Number(c) : NaN)));
  return { kind: "csv", firstLine, rows, complete: wholeFile };
}

function splitCells(line: string): string[] {
  const cells: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 44 && !quoted) {
      cells.push(unquote(line.slice(start, i)));
      start = i + 1;
    }
  }
  cells.push(unquote(line.slice(start)));
  return cells;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/** What a format's file is called in "expected …" messages. */
export function expectedFile(format: HeaderFormat): string {
  return format === "idx-images"
    ? "an IDX images file (optionally gzipped)"
    : format === "idx-labels"
      ? "an IDX labels file (optionally gzipped)"
      : "a CSV file";
}

/** Reads at most HEADER_READ_BYTES of `path` and parses its header (throws DataError naming the path). */
export function readDataHeader(path: string, format: HeaderFormat): DataHeaderInfo {
  const f = openDataFile(path, expectedFile(format));
  try {
    const prefix = readDataRange(f, 0, Math.min(f.size, HEADER_READ_BYTES));
    return parseDataHeader(path, format, prefix, f.size <= HEADER_READ_BYTES);
  } finally {
    closeDataFile(f);
  }
}
