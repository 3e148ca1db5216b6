import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { CheckpointError } from "../../../runtime/checkpoint/index.ts";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "nnc-ckpt-"));
}

/** Hand-built safetensors bytes: the header object is serialised as given, so it can be made wrong on purpose. */
export function safetensorsBytes(header: unknown, data: Uint8Array, headerText?: string): Buffer {
  const json = Buffer.from(headerText ?? JSON.stringify(header), "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, data]);
}

export function writeBytes(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export function expectCheckpointError(fn: () => unknown, path: string, ...parts: RegExp[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CheckpointError);
  const err = caught as CheckpointError;
  expect(err.path).toBe(path);
  expect(err.message).toContain(path);
  for (const p of parts) expect(err.message).toMatch(p);
}
