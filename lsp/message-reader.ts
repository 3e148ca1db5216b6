/**
 * A JSON-RPC message reader that survives whatever arrives on its stream. vscode-jsonrpc's
 * ReadableStreamMessageReader keeps a header it cannot parse (`this is not a header`, `Content-Length:
 * abc`) at the front of its buffer and fails on it again with every later chunk, so after one bad frame
 * the server never answers again. This reader implements the same MessageReader contract but drops what it
 * cannot use, says why through `onDropped` (the server logs it with `window/logMessage`), and resynchronizes
 * on the next `Content-Length` header.
 *
 * Resynchronizing is exact, not a guess: a JSON text cannot contain `Content-Length: <digits>` followed by
 * a raw line break (outside a string the words are not JSON, inside one a raw CR or LF is not allowed),
 * so where that appears, a new frame starts — even inside the body of a frame whose length was a lie.
 */
import { malformedNotification } from "./message-shape.ts";
import { AbstractMessageReader, Emitter, type DataCallback, type Disposable, type Event, type Message } from "vscode-languageserver/node";

/** Larger frames are refused unread (an editor's messages are a few MB at most: a whole document). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const HEADER = Buffer.from("Content-Length:", "latin1");
const HEADER_END = Buffer.from("\r\n\r\n", "latin1");
/** A complete Content-Length line: where a frame certainly starts. */
const FRAME_START = /Content-Length:[ \t]*\d+[ \t]*\r\n/g;
/** Longest header block we wait for before declaring it garbage. */
const MAX_HEADER_BYTES = 8 * 1024;

/** What the reader reads from: Node's stdin, or any stream of Buffers. */
export interface ByteSource {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "close" | "end", listener: () => void): unknown;
  off(event: "data", listener: (chunk: Buffer) => void): unknown;
}

/**
 * Bytes received and not yet consumed. Appending grows the store by doubling and consuming moves a start
 * index, so a 64 MB body arriving in 64 KB chunks is copied O(1) times per byte, not once per chunk.
 */
class ByteQueue {
  private store = Buffer.alloc(4096);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Buffer): void {
    if (this.end + chunk.length > this.store.length) {
      const live = this.length;
      const bigger =
        live + chunk.length > this.store.length / 2 ? Buffer.alloc(Math.max(2 * this.store.length, live + chunk.length)) : this.store;
      this.store.copy(bigger, 0, this.start, this.end);
      this.store = bigger;
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  /** The unconsumed bytes (a view, valid until the next append). */
  view(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }
}

/** The longest end of `bytes` that is a beginning of `prefix` (a header cut between two chunks). */
function partialPrefixAtEnd(bytes: Buffer, prefix: Buffer): number {
  for (let k = Math.min(bytes.length, prefix.length - 1); k > 0; k--) {
    if (bytes.subarray(bytes.length - k).equals(prefix.subarray(0, k))) return k;
  }
  return 0;
}

export class TolerantMessageReader extends AbstractMessageReader {
  private readonly queue = new ByteQueue();
  /** Declared body length of the frame being read, once its header is complete. */
  private bodyLength: number | undefined;
  /** Bytes of the pending body already searched for a new frame start. */
  private scanned = 0;
  private callback: DataCallback | undefined;
  private readonly dropped = new Emitter<string>();

  constructor(private readonly source: ByteSource) {
    super();
  }

  /** Fires once per thing thrown away, with a one-line reason. */
  get onDropped(): Event<string> {
    return this.dropped.event;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer): void => this.onData(chunk);
    this.source.on("data", onData);
    this.source.on("error", (e) => this.fireError(e));
    this.source.on("close", () => this.fireClose());
    this.source.on("end", () => this.fireClose());
    return { dispose: () => void this.source.off("data", onData) };
  }

  /** Feeds bytes as if they arrived on the stream (the stream's data handler, and tests). */
  onData(chunk: Buffer): void {
    this.queue.append(chunk);
    // Each step consumes bytes or returns false to wait for more, so this ends.
    while (this.bodyLength === undefined ? this.readHeader() : this.readBody());
  }

  private drop(bytes: number, why: string): void {
    this.queue.consume(bytes);
    this.dropped.fire(`dropped ${bytes} byte${bytes === 1 ? "" : "s"} of input: ${why}`);
  }

  /** Reads a header block; false when more bytes are needed. Garbage before a header is dropped. */
  private readHeader(): boolean {
    const bytes = this.queue.view();
    const start = bytes.indexOf(HEADER);
    if (start < 0) {
      const garbage = bytes.length - partialPrefixAtEnd(bytes, HEADER);
      if (garbage > 0) this.drop(garbage, "no Content-Length header");
      return false;
    }
    if (start > 0) {
      this.drop(start, "not a Content-Length header");
      return true;
    }
    const end = bytes.indexOf(HEADER_END);
    if (end < 0) {
      if (bytes.length <= MAX_HEADER_BYTES) return false;
      this.drop(HEADER.length, "a header block longer than 8 KB");
      return true;
    }
    // A second header inside this one means the first was cut short (a frame never has two).
    const again = bytes.indexOf(HEADER, 1);
    if (again > 0 && again < end) {
      this.drop(again, "a header cut short by the next one");
      return true;
    }
    let length: number | undefined;
    let why: string | undefined;
    for (const line of bytes.toString("latin1", 0, end).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) {
        why = `a header line without a colon (${JSON.stringify(line.slice(0, 40))})`;
        break;
      }
      if (line.slice(0, colon).trim().toLowerCase() !== "content-length") continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d+$/.test(value)) why = `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a byte count`;
      else if (Number(value) > MAX_FRAME_BYTES) why = `Content-Length ${value} is over the ${MAX_FRAME_BYTES}-byte limit`;
      else length = Number(value);
    }
    if (why === undefined && length === undefined) why = "a header without Content-Length";
    if (why !== undefined) {
      this.drop(end + HEADER_END.length, why);
      return true;
    }
    this.queue.consume(end + HEADER_END.length);
    this.bodyLength = length;
    this.scanned = 0;
    return true;
  }

  /** Hands a message to the connection; one it cannot take is reported, never thrown into the stream's handler (which would end the process). */
  private deliver(message: Message, length: number): void {
    try {
      this.callback?.(message);
    } catch (e) {
      this.dropped.fire(
        `dropped a ${length}-byte message (${methodOf(message)}) the connection could not take: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /** Reads the body of the current frame and delivers it; false when more bytes are needed. */
  private readBody(): boolean {
    const length = this.bodyLength;
    if (length === undefined) return true;
    const bytes = this.queue.view();
    // A new frame starting inside this body means the declared length was wrong: cut the body there.
    // Only the bytes not searched yet are read, with an overlap for a header cut between two chunks.
    const from = Math.max(0, this.scanned - 64);
    const upTo = Math.min(bytes.length, length + 64);
    FRAME_START.lastIndex = 0;
    const found = FRAME_START.exec(bytes.toString("latin1", from, upTo));
    this.scanned = upTo;
    const next = found === null ? -1 : from + found.index;
    if (next >= 0 && next < length) {
      this.bodyLength = undefined;
      this.drop(next, `a frame shorter than its Content-Length ${length} (a new header starts ${next} bytes into its body)`);
      return true;
    }
    if (bytes.length < length) return false;
    const message = parseMessage(bytes.subarray(0, length));
    this.queue.consume(length);
    this.bodyLength = undefined;
    const unusable = typeof message === "string" ? message : malformedNotification(message);
    if (unusable !== undefined)
      this.dropped.fire(`dropped a ${length}-byte message${typeof message === "string" ? "" : ` (${methodOf(message)})`}: ${unusable}`);
    else this.deliver(message as Message, length);
    return true;
  }
}

function methodOf(m: Message): string {
  const method = (m as { method?: unknown }).method;
  return typeof method === "string" ? method.slice(0, 60) : "a response";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The message in a frame body, or why it is not one. */
export function parseMessage(body: Uint8Array): Message | string {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return "the body is not UTF-8";
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `the body is not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the body is not a JSON-RPC message object";
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== "2.0") return 'the message has no `jsonrpc: "2.0"`';
  if ("method" in m && typeof m.method !== "string") return "the message's method is not a string";
  if ("id" in m && m.id !== null && typeof m.id !== "string" && typeof m.id !== "number")
    return "the message's id is neither a number nor a string";
  return m as unknown as Message;
}
