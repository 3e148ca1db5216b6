/**
 * The tolerant reader on its own: every valid frame is delivered whatever the chunking, and garbage
 * between frames costs nothing but itself (plus, for a frame whose length lies, that frame).
 */
import { EventEmitter } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TolerantMessageReader, type ByteSource } from "../../lsp/message-reader.ts";
import { frame } from "./raw-client.ts";

function feed(chunks: Buffer[]): { messages: unknown[]; dropped: string[] } {
  const source = new EventEmitter() as unknown as ByteSource & EventEmitter;
  const reader = new TolerantMessageReader(source);
  const messages: unknown[] = [];
  const dropped: string[] = [];
  reader.onDropped((why) => dropped.push(why));
  reader.listen((m) => messages.push(m));
  for (const c of chunks) source.emit("data", c);
  return { messages, dropped };
}

/** `bytes` cut at the given points. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out.filter((c) => c.length > 0);
}

const message = fc.record({
  jsonrpc: fc.constant("2.0"),
  method: fc.string({ minLength: 1, maxLength: 20 }),
  params: fc.jsonValue({ maxDepth: 2 }),
});

describe("TolerantMessageReader", () => {
  it("delivers every frame, in order, however the stream is cut", () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (messages, points) => {
        const bytes = Buffer.concat(messages.map(frame));
        const { messages: got, dropped } = feed(cut(bytes, points));
        expect(dropped).toEqual([]);
        expect(got).toEqual(messages.map((m) => JSON.parse(JSON.stringify(m))));
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it("delivers every frame after any garbage that holds no Content-Length line", () => {
    const garbage = fc.oneof(
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.constantFrom(
        "this is not a header\r\n\r\n{}",
        "Content-Length: abc\r\n\r\n{}",
        "Content-Length: 5\r\n\r\n{nope",
        "Content-Length: 300\r\n\r\n{}",
        "Content-Length:",
      ),
    );
    fc.assert(
      fc.property(garbage, message, fc.array(fc.nat(), { maxLength: 10 }), (junk, m, points) => {
        const bytes = Buffer.concat([Buffer.from(junk, "utf8"), frame(m)]);
        const { messages } = feed(cut(bytes, points));
        expect(messages.at(-1)).toEqual(JSON.parse(JSON.stringify(m)));
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it("reads a 20 MB frame arriving in 64 KB chunks", () => {
    const m = { jsonrpc: "2.0", method: "big", params: { text: "x".repeat(20_000_000) } };
    const bytes = frame(m);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    const { messages } = feed(chunks);
    expect((messages[0] as typeof m).params.text.length).toBe(20_000_000);
  });
});
