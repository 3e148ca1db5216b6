/**
 * Tensors as stored in safetensors files, and what both the reader and the writer need to know about them.
 * Format (https://github.com/huggingface/safetensors): 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON (space-padded to a multiple of 8), then the data section; each header entry is
 * `{"dtype", "shape", "data_offsets": [begin, end]}` relative to the data section; `__metadata__` is a
 * string → string map. Data are little-endian and row-major.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { inNode, nodeCrypto } from "../node.ts";

export type Dtype = "F32" | "F64" | "I64";

export type TensorData = {
  dtype: Dtype;
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array;
};

export const DTYPE_BYTES: Record<Dtype, number> = { F32: 4, F64: 8, I64: 8 };

export const isDtype = (s: unknown): s is Dtype => s === "F32" || s === "F64" || s === "I64";

/** Elements of a shape; a shape [] is a scalar holding one element. */
export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The metadata key holding the data section's hash; written by writeSafetensors, verified on read. */
export const CHECKSUM_KEY = "checksum";

/** "sha256:<hex>" of the data section: self-describing, so another algorithm could be added later. */
export function dataChecksum(data: Uint8Array): string {
  // Node's hash is native and several times faster on large checkpoints; @noble/hashes (audited, no
  // dependencies) gives the same digest synchronously in a browser, where WebCrypto's is async only.
  const hex = inNode ? nodeCrypto("hashing a checkpoint").createHash("sha256").update(data).digest("hex") : bytesToHex(sha256(data));
  return `sha256:${hex}`;
}
