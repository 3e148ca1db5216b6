/** node:fs/promises for the language server in the page: the same in-memory, read-only files as files.ts. */
import { fileBytes, readFileSync, statSync, type Stats } from "./files.ts";

export async function stat(path: unknown): Promise<Stats> {
  return statSync(path);
}

export async function readFile(path: unknown, options?: unknown): Promise<Uint8Array | string> {
  return readFileSync(path, options);
}

export async function open(path: unknown): Promise<{
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Uint8Array }>;
  close(): Promise<void>;
}> {
  const bytes = fileBytes(path, "open");
  return {
    async read(buffer, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      buffer.set(bytes.subarray(position, position + n), offset);
      return { bytesRead: n, buffer };
    },
    async close() {},
  };
}

export default { stat, readFile, open };
