/**
 * IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/): a 4-byte big-endian magic
 * 0x0000TTDD (TT = element type, 0x08 for uint8; DD = number of dimensions), DD big-endian uint32 sizes, then
 * the elements row-major. Pixels are kept as raw values 0..255: scaling is a preprocessing step the spec
 * states explicitly. This file parses bytes already in memory (no file system): the header first, so a
 * reader can check the magic and learn the body's size before reading or inflating the body. Reading from
 * disk, gzip included, is idx-file.ts.
 */
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";

const UINT8 = 0x08;
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** The longest header: the magic and 255 dimension sizes. A prefix this long always holds the whole header. */
export const IDX_MAX_HEADER_BYTES = 4 + 4 * 255;

/**
 * The largest body read: 2^30 elements (1 GiB as uint8, 4 GiB once converted to float32). A header that
 * declares more is refused before its body is read or inflated.
 */
export const IDX_MAX_BODY_BYTES = 2 ** 30;

const TYPE_NAMES: Record<number, string> = {
  0x08: "uint8",
  0x09: "int8",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

const hex = (v: number): string => `0x${v.toString(16).padStart(8, "0")}`;

export type IdxRole = "images" | "labels";

export interface IdxHeader {
  readonly dims: number[];
  readonly headerBytes: number;
  /** The body's length the dims declare (product of dims, one byte per uint8 element). */
  readonly bodyBytes: number;
}

export interface IdxArray {
  readonly dims: number[];
  readonly body: Uint8Array;
}

/**
 * Parses the header from the file's first bytes (`prefix`: the whole file, or at least its first
 * IDX_MAX_HEADER_BYTES bytes, decompressed). `total` is the file's full length when known, for the message
 * about a header cut short.
 */
export function parseIdxHeader(path: string, prefix: Uint8Array, role: IdxRole): IdxHeader {
  const expected = role === "images" ? IMAGES_MAGIC : LABELS_MAGIC;
  if (prefix.length === 0) throw new DataError(path, `file is empty; expected an IDX ${role} file`);
  if (prefix.length < 4 || prefix[0] !== 0 || prefix[1] !== 0) {
    const found = prefix.length >= 4 ? ` (first bytes ${hex(new DataView(prefix.buffer, prefix.byteOffset).getUint32(0))})` : "";
    throw new DataError(
      path,
      `is neither gzip nor an IDX file${found}; expected IDX ${role} with magic ${hex(expected)}, optionally gzipped`,
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const magic = view.getUint32(0);
  const type = prefix[2];
  const ndim = prefix[3];
  if (type !== UINT8) {
    throw new DataError(
      path,
      `IDX element type is 0x${type.toString(16).padStart(2, "0")} (${TYPE_NAMES[type] ?? "unknown"}); expected 0x08 (uint8), magic ${hex(expected)}`,
    );
  }
  const ndimOk = role === "labels" ? ndim === 1 : ndim >= 2 && ndim <= 4;
  if (!ndimOk) throw new DataError(path, `wrong IDX magic ${hex(magic)} (${ndim} dimensions) for ${role}; expected ${hex(expected)}`);
  const headerBytes = 4 + 4 * ndim;
  if (prefix.length < headerBytes)
    throw new DataError(path, `IDX header is cut short: ${prefix.length} bytes, expected at least ${headerBytes}`);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i));
  const bodyBytes = dims.reduce((a, b) => a * b, 1);
  if (bodyBytes > IDX_MAX_BODY_BYTES) {
    throw new DataError(
      path,
      `IDX header [${dims.join(", ")}] declares ${bodyBytes} elements; at most ${IDX_MAX_BODY_BYTES} (2^30) can be loaded`,
    );
  }
  return { dims, headerBytes, bodyBytes };
}

/** The error for a body whose length differs from what the header declares. */
export function idxLengthError(path: string, header: IdxHeader, actual: number): DataError {
  return new DataError(
    path,
    `IDX body has ${actual} bytes but the header [${header.dims.join(", ")}] promises ${header.bodyBytes}` +
      (actual < header.bodyBytes ? " (the file is truncated)" : " (trailing bytes)"),
  );
}

/** Header and body of an IDX file already in memory (uncompressed). */
export function parseIdx(path: string, bytes: Uint8Array, role: IdxRole): IdxArray {
  const header = parseIdxHeader(path, bytes, role);
  const actual = bytes.length - header.headerBytes;
  if (actual !== header.bodyBytes) throw idxLengthError(path, header, actual);
  return { dims: header.dims, body: bytes.subarray(header.headerBytes) };
}

/** Row shape from the IDX dims after the count: [H, W] becomes [1, H, W] so images are always [C, H, W]. */
function rowShape(dims: number[]): number[] {
  const rest = dims.slice(1);
  return rest.length === 2 ? [1, rest[0], rest[1]] : rest;
}

/** The data set of an images file and a labels file (messages about labels name the labels file). */
export function idxDataset(images: IdxArray, labels: IdxArray, imagesPath: string, labelsPath: string): Dataset {
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new DataError(labelsPath, `holds ${labels.dims[0]} labels but ${imagesPath} holds ${n} images; expected one label per image`);
  }
  if (n === 0) throw new DataError(imagesPath, "holds no images; expected at least one");
  const shape = rowShape(images.dims);
  const features = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * features);
  const body = images.body;
  for (let i = 0; i < x.length; i++) x[i] = body[i];
  const y = new Int32Array(n);
  let maxLabel = 0;
  for (let i = 0; i < n; i++) {
    const v = labels.body[i];
    y[i] = v;
    if (v > maxLabel) maxLabel = v;
  }
  return {
    x,
    n,
    features,
    shape,
    labels: y,
    targets: undefined,
    targetSize: 0,
    classes: maxLabel + 1,
    source: imagesPath,
    labelSource: labelsPath,
  };
}
