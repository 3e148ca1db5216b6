/**
 * The language server's DataHeaderSource: data-file headers are read in the background (async stat and a
 * bounded read, runtime/data/header.ts) and cached by path, format, modification time and size, so checking
 * a spec on a keystroke never waits for the disk. A lookup answers from the cache (nothing while the first
 * read is under way) and, at most every REFRESH_MS per file, starts a refresh; when a file's facts change,
 * `onChange` asks the server to check the open documents again.
 */
import { open, stat } from "node:fs/promises";
import type { DataHeaderSource, HeaderLookup } from "../compiler/index.ts";
import { DataError } from "../runtime/data/errors.ts";
import { HEADER_READ_BYTES, expectedFile, inflateGzipPrefix, parseDataHeader, type HeaderFormat } from "../runtime/data/header.ts";

/** A file's facts are looked at again after this long (a file edited or replaced shows up then). */
export const REFRESH_MS = 2000;

interface Entry {
  lookup: HeaderLookup;
  mtimeMs: number;
  size: number;
  checkedAt: number;
  reading: boolean;
}

async function readHeader(
  path: string,
  format: HeaderFormat,
  known: Entry | undefined,
): Promise<{ lookup: HeaderLookup; mtimeMs: number; size: number }> {
  const problem = (reason: string) => ({
    lookup: { state: "error", message: new DataError(path, reason).message } as HeaderLookup,
    mtimeMs: -1,
    size: -1,
  });
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return problem(code === "ENOENT" || code === "ENOTDIR" ? "file not found" : `cannot be read (${(e as Error).message})`);
  }
  if (!st.isFile()) return problem(`is not a regular file; expected ${expectedFile(format)}`);
  if (known !== undefined && known.mtimeMs === st.mtimeMs && known.size === st.size)
    return { lookup: known.lookup, mtimeMs: st.mtimeMs, size: st.size };
  try {
    const handle = await open(path, "r");
    try {
      const prefix = new Uint8Array(Math.min(st.size, HEADER_READ_BYTES));
      const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
      // An IDX prefix is inflated here, asynchronously and by the platform's DecompressionStream, so the same
      // reader works in the playground's language server (a page has no node:zlib). A CSV is never inflated:
      // neither its loader nor `nnc check` undoes gzip on it.
      const read = prefix.subarray(0, bytesRead);
      const bytes = format === "idx-images" || format === "idx-labels" ? await inflateGzipPrefix(path, read) : read;
      const info = parseDataHeader(path, format, bytes, st.size <= HEADER_READ_BYTES);
      return { lookup: { state: "ok", info }, mtimeMs: st.mtimeMs, size: st.size };
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof DataError) return { lookup: { state: "error", message: e.message }, mtimeMs: st.mtimeMs, size: st.size };
    return problem(`cannot be read (${(e as Error).message})`);
  }
}

export class BackgroundHeaders implements DataHeaderSource {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  lookup(path: string, format: HeaderFormat): HeaderLookup {
    const key = `${format}\0${path}`;
    const entry = this.entries.get(key);
    if (entry === undefined || (!entry.reading && this.now() - entry.checkedAt >= REFRESH_MS)) this.refresh(key, path, format, entry);
    return entry?.lookup ?? { state: "pending" };
  }

  /**
   * Forgets every file's facts (the client said files changed: `workspace/didChangeWatchedFiles`), so the
   * next lookups read them again and `onChange` re-checks the documents when the reads are done.
   */
  forget(): void {
    for (const entry of this.entries.values()) entry.checkedAt = -Infinity;
  }

  private refresh(key: string, path: string, format: HeaderFormat, known: Entry | undefined): void {
    const entry: Entry = known ?? { lookup: { state: "pending" }, mtimeMs: -1, size: -1, checkedAt: 0, reading: true };
    entry.reading = true;
    this.entries.set(key, entry);
    void readHeader(path, format, known).then(
      (r) => {
        const changed = JSON.stringify(r.lookup) !== JSON.stringify(entry.lookup);
        Object.assign(entry, { lookup: r.lookup, mtimeMs: r.mtimeMs, size: r.size, checkedAt: this.now(), reading: false });
        if (changed) this.onChange();
      },
      () => Object.assign(entry, { checkedAt: this.now(), reading: false }),
    );
  }
}
