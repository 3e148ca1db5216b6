/**
 * node:fs for the compiler and the language server in the page: the files a spec may name are the page's
 * in-memory data files (built-in sets, the examples' data, uploads), registered by each worker from what
 * the page sends. Paths are the virtual folder PLAYGROUND_DIR plus the file's name, as the spec resolves
 * them. Only reading is offered: nothing in the page writes files.
 */
import { PLAYGROUND_DIR } from "./virtual-dir.ts";

const files = new Map<string, Uint8Array>();
/** When each file was (re)registered, as its modification time: the language server re-reads a file whose time changed. */
const modified = new Map<string, number>();

export function setFiles(named: Readonly<Record<string, Uint8Array>>): void {
  const now = Date.now();
  for (const path of files.keys()) if (!(path.slice(PLAYGROUND_DIR.length) in named)) files.delete(path);
  for (const [name, bytes] of Object.entries(named)) {
    const path = PLAYGROUND_DIR + name;
    if (files.get(path) !== bytes) modified.set(path, now);
    files.set(path, bytes);
  }
}

function missing(path: string, syscall: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}'`), { code: "ENOENT", errno: -2, syscall, path });
}

function lookup(path: unknown, syscall: string): Uint8Array {
  const bytes = files.get(String(path));
  if (bytes === undefined) throw missing(String(path), syscall);
  return bytes;
}

export function existsSync(path: unknown): boolean {
  return files.has(String(path));
}

export function readFileSync(path: unknown, options?: unknown): Uint8Array | string {
  const bytes = lookup(path, "open");
  const encoding = typeof options === "string" ? options : (options as { encoding?: string } | undefined)?.encoding;
  return encoding ? new TextDecoder().decode(bytes) : bytes;
}

export interface Stats {
  readonly size: number;
  readonly mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
}

/** The bytes of a registered file (for the promise API in files-promises.ts). */
export function fileBytes(path: unknown, syscall: string): Uint8Array {
  return lookup(path, syscall);
}

/** Every registered file is a regular file. */
function fileStats(bytes: Uint8Array, mtimeMs: number): Stats {
  return { size: bytes.length, mtimeMs, isFile: () => true, isDirectory: () => false, isFIFO: () => false };
}

export function statSync(path: unknown): Stats {
  return fileStats(lookup(path, "stat"), modified.get(String(path)) ?? 0);
}

const descriptors = new Map<number, Uint8Array>();
let nextDescriptor = 3;

export function openSync(path: unknown): number {
  const fd = nextDescriptor++;
  descriptors.set(fd, lookup(path, "open"));
  return fd;
}

export function fstatSync(fd: number): Stats {
  const bytes = descriptors.get(fd);
  if (bytes === undefined) throw Object.assign(new Error("EBADF: bad file descriptor"), { code: "EBADF" });
  return fileStats(bytes, 0);
}

export function readSync(fd: number, buffer: Uint8Array, offset = 0, length = buffer.length - offset, position: number | null = 0): number {
  const bytes = descriptors.get(fd);
  if (bytes === undefined) throw Object.assign(new Error("EBADF: bad file descriptor"), { code: "EBADF" });
  const start = position ?? 0;
  const n = Math.max(0, Math.min(length, bytes.length - start));
  buffer.set(bytes.subarray(start, start + n), offset);
  return n;
}

export function closeSync(fd: number): void {
  descriptors.delete(fd);
}

/** open() flags, for code that names them (the page only reads). */
export const constants = {
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 64,
  O_EXCL: 128,
  O_TRUNC: 512,
  O_APPEND: 1024,
  O_NONBLOCK: 2048,
  O_NOFOLLOW: 131072,
};

export function readdirSync(path: unknown): string[] {
  const dir = String(path).endsWith("/") ? String(path) : `${String(path)}/`;
  return [...files.keys()].filter((p) => p.startsWith(dir) && !p.slice(dir.length).includes("/")).map((p) => p.slice(dir.length));
}

/** Writing: the page keeps no files (downloads go through the export buttons), so every write is refused. */
function readOnly(syscall: string) {
  return (path?: unknown): never => {
    throw Object.assign(new Error(`EROFS: the playground has no file system to write to, ${syscall} '${String(path ?? "")}'`), {
      code: "EROFS",
      syscall,
    });
  };
}
export const writeFileSync = readOnly("write");
export const writeSync = readOnly("write");
export const fsyncSync = readOnly("fsync");
export const renameSync = readOnly("rename");
export const rmSync = readOnly("rm");
export const unlinkSync = readOnly("unlink");
export const mkdirSync = readOnly("mkdir");

export default {
  constants,
  existsSync,
  readFileSync,
  statSync,
  openSync,
  fstatSync,
  readSync,
  closeSync,
  readdirSync,
  writeFileSync,
  writeSync,
  fsyncSync,
  renameSync,
  rmSync,
  unlinkSync,
  mkdirSync,
};
