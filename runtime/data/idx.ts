/**
 * IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/): a 4-byte big-endian magic
 * 0x0000TTDD (TT = element type, 0x08 for uint8; DD = number of dimensions), DD big-endian uint32 sizes, then
 * the elements row-major. Files may be gzipped; gzip is recognised by its magic bytes 1f 8b, not the name.
 * Pixels are kept as raw values 0..255: scaling is a preprocessing step the spec states explicitly.
 */
import { gunzipSync } from "node:zlib";
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import { readDataFile } from "./read-file.ts";

const UINT8 = 0x08;
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

const TYPE_NAMES: Record<number, string> = {
  0x08: "uint8",
  0x09: "int8",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

const hex = (v: number): string => `0x${v.toString(16).padStart(8, "0")}`;

interface IdxArray {
  dims: number[];
  body: Uint8Array;
}

function decompressIfGzip(path: string, raw: Buffer): Uint8Array {
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw new DataError(
        path,
        `starts like gzip but cannot be decompressed (${(e as Error).message})`,
      );
    }
  }
  return raw;
}

/** Parses the header and checks the body length against it. `role` picks the expected magic. */
function readIdx(path: string, role: "images" | "labels"): IdxArray {
  const bytes = decompressIfGzip(path, readDataFile(path));
  const expected = role === "images" ? IMAGES_MAGIC : LABELS_MAGIC;
  if (bytes.length === 0)
    throw new DataError(path, `file is empty; expected an IDX ${role} file`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    const found =
      bytes.length >= 4
        ? ` (first bytes ${hex(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0))})`
        : "";
    throw new DataError(
      path,
      `is neither gzip nor an IDX file${found}; expected IDX ${role} with magic ${hex(expected)}, optionally gzipped`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const ndim = bytes[3];
  if (type !== UINT8) {
    throw new DataError(
      path,
      `IDX element type is 0x${type.toString(16).padStart(2, "0")} (${TYPE_NAMES[type] ?? "unknown"}); expected 0x08 (uint8), magic ${hex(expected)}`,
    );
  }
  const ndimOk = role === "labels" ? ndim === 1 : ndim >= 2 && ndim <= 4;
  if (!ndimOk) {
    throw new DataError(
      path,
      `wrong IDX magic ${hex(magic)} (${ndim} dimensions) for ${role}; expected ${hex(expected)}`,
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new DataError(
      path,
      `IDX header is cut short: ${bytes.length} bytes, expected at least ${headerBytes}`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i));
  const promised = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== promised) {
    throw new DataError(
      path,
      `IDX body has ${actual} bytes but the header [${dims.join(", ")}] promises ${promised}` +
        (actual < promised ? " (the file is truncated)" : " (trailing bytes)"),
    );
  }
  return { dims, body: bytes.subarray(headerBytes) };
}

/** Row shape from the IDX dims after the count: [H, W] becomes [1, H, W] so images are always [C, H, W]. */
function rowShape(dims: number[]): number[] {
  const rest = dims.slice(1);
  return rest.length === 2 ? [1, rest[0], rest[1]] : rest;
}

export function loadIdx(imagesPath: string, labelsPath: string): Dataset {
  const images = readIdx(imagesPath, "images");
  const labels = readIdx(labelsPath, "labels");
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new DataError(
      labelsPath,
      `holds ${labels.dims[0]} labels but ${imagesPath} holds ${n} images; expected one label per image`,
    );
  }
  if (n === 0)
    throw new DataError(imagesPath, "holds no images; expected at least one");
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
  };
}
