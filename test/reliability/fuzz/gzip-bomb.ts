/**
 * A gzip bomb built without inflating anything large: `prefix` (e.g. an IDX header) followed by zeros up
 * to `inflatedBytes`, as a valid gzip file (CRC and length included). Zeros deflate at about 1030:1, so
 * 4 GiB becomes about 4 MB. One 1 MiB block of zeros is deflated once (sync-flushed, so it ends on a byte
 * boundary) and repeated: each copy refers back only to zeros, which the copy before it produced.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";

const BLOCK = 1 << 20;

export function gzipBomb(prefix: Uint8Array, inflatedBytes: number): Buffer {
  if (inflatedBytes % BLOCK !== 0 || prefix.length > BLOCK) throw new RangeError("inflatedBytes must be a multiple of 1 MiB");
  const first = Buffer.alloc(BLOCK);
  first.set(prefix);
  const sync = { finishFlush: constants.Z_SYNC_FLUSH };
  const head = deflateRawSync(first, sync);
  const zeros = Buffer.alloc(BLOCK);
  const repeated = deflateRawSync(zeros, sync);
  const copies = inflatedBytes / BLOCK - 1;
  const end = Buffer.from([0x03, 0x00]); // a final, empty fixed-Huffman block
  let crc = crc32(first);
  for (let i = 0; i < copies; i++) crc = crc32(zeros, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(inflatedBytes % 2 ** 32, 4);
  const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
  return Buffer.concat([gzipHeader, head, ...Array.from({ length: copies }, () => repeated), end, trailer]);
}
