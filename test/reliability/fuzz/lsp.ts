/**
 * The language-server fuzzer: one real server (`nnc lsp --stdio`) fed a seeded stream of hostile
 * actions — broken framing, random JSON-RPC (right methods with wrong parameters, unknown methods, odd
 * ids), and storms of edits to mutated specs — and after every action asked a valid question. It must
 * answer it, publish diagnostics for the last version of an edited document, and exit 0 on `shutdown`
 * and `exit` at the end. Actions are fast-check arbitraries, so a run replays from its seed.
 */
import fc from "fast-check";
import { RawClient, frame } from "../../lsp/raw-client.ts";
import { fuzzInputArb } from "./mutate.ts";

export type Action =
  | { kind: "garbage"; bytes: Uint8Array }
  | { kind: "framing"; text: string }
  | { kind: "message"; message: unknown }
  | { kind: "storm"; uri: string; text: string; edits: Edit[]; close: boolean };

export interface Edit {
  /** Replace [start, end) of the current text (positions may be past the end: the server clamps). */
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined;
  readonly text: string;
}

const methods = [
  "textDocument/didOpen",
  "textDocument/didChange",
  "textDocument/didClose",
  "textDocument/didSave",
  "textDocument/hover",
  "textDocument/completion",
  "textDocument/definition",
  "textDocument/references",
  "textDocument/documentHighlight",
  "textDocument/prepareRename",
  "textDocument/rename",
  "textDocument/documentSymbol",
  "textDocument/foldingRange",
  "textDocument/semanticTokens/full",
  "textDocument/formatting",
  "textDocument/rangeFormatting",
  "textDocument/codeAction",
  "textDocument/inlayHint",
  "workspace/executeCommand",
  "workspace/didChangeConfiguration",
  "$/cancelRequest",
  "$/setTrace",
  "initialize",
  "initialized",
  "no/such/method",
  "toString",
  "__proto__",
  "",
];

const uris = [
  "file:///fuzz/a.nn",
  "file:///fuzz/b.nn",
  "file:///nonexistent-dir/c.nn",
  "untitled:Untitled-1",
  "file:///fuzz/notes.txt",
  "not a uri",
  "",
];

const position = fc.oneof(
  fc.record({ line: fc.nat({ max: 40 }), character: fc.nat({ max: 80 }) }),
  fc.record({ line: fc.integer({ min: -5, max: 2 ** 31 }), character: fc.integer({ min: -5, max: 2 ** 31 }) }),
  fc.jsonValue({ maxDepth: 1 }),
);

/** Parameters shaped like the real ones, with any field possibly wrong. */
const params = fc.oneof(
  fc.record(
    {
      textDocument: fc.oneof(
        fc.record(
          { uri: fc.constantFrom(...uris), version: fc.integer(), text: fc.string({ maxLength: 200 }), languageId: fc.constant("nn") },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      position,
      range: fc.oneof(fc.record({ start: position, end: position }), fc.jsonValue({ maxDepth: 1 })),
      contentChanges: fc.oneof(
        fc.constant(null),
        fc.array(fc.record({ text: fc.string({ maxLength: 100 }) }), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      context: fc.jsonValue({ maxDepth: 2 }),
      newName: fc.string({ maxLength: 20 }),
      command: fc.constantFrom("nnc.generateTypeScript", "other"),
      arguments: fc.array(fc.constantFrom(...uris), { maxLength: 2 }),
      settings: fc.jsonValue({ maxDepth: 2 }),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const messageArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      jsonrpc: fc.constant("2.0"),
      id: fc.oneof(fc.nat(), fc.string({ maxLength: 8 })),
      method: fc.constantFrom(...methods),
      params,
    }),
  },
  { weight: 6, arbitrary: fc.record({ jsonrpc: fc.constant("2.0"), method: fc.constantFrom(...methods), params }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        jsonrpc: fc.constant("2.0"),
        id: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
        result: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ["jsonrpc"] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => v as unknown) },
);

/** Raw text meant to break framing: headers that lie, headers that are not headers, bodies that are not JSON. */
const framingArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "this is not a header\r\n\r\n{}",
    "Content-Length: abc\r\n\r\n{}",
    "Content-Length: 5\r\n\r\n{nope",
    "Content-Length: 300\r\n\r\n{}",
    "Content-Length:",
    "\r\n\r\n",
    "Content-Length: -1\r\n\r\n",
    "Content-Type: x\r\n\r\n{}",
    "Content-Length: 99999999999999999999\r\n\r\n",
  ),
  fc.tuple(fc.nat({ max: 400 }), fc.string({ maxLength: 60 })).map(([n, body]) => `Content-Length: ${n}\r\n\r\n${body}`),
  fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 60 })).map(([header, body]) => `${header}\r\n\r\n${body}`),
);

function editArb(): fc.Arbitrary<Edit> {
  const pos = fc.record({ line: fc.nat({ max: 60 }), character: fc.nat({ max: 100 }) });
  return fc.record({
    range: fc.option(
      fc
        .record({ start: pos, end: pos })
        .map((r) => (r.start.line * 1000 + r.start.character <= r.end.line * 1000 + r.end.character ? r : { start: r.end, end: r.start })),
      { nil: undefined, freq: 8 },
    ),
    text: fc.oneof(
      fc.constantFrom("", "x", "\n", "relu\n", "fc: dense(8)\n", "}", "{", "dense(1e9)", "batch_size = 16384"),
      fc.string({ maxLength: 40 }),
    ),
  });
}

export function actionArb(examples: readonly [string, string][]): fc.Arbitrary<Action> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ kind: "garbage" as const, bytes })) },
    { weight: 3, arbitrary: framingArb.map((text) => ({ kind: "framing" as const, text })) },
    { weight: 6, arbitrary: messageArb.map((message) => ({ kind: "message" as const, message })) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          uri: fc.constantFrom("file:///fuzz/a.nn", "file:///fuzz/b.nn", "untitled:Untitled-1"),
          // Mostly mutated specs; sometimes one repeated to 0.5-1.5 MB, either side of the live-analysis limit.
          text: fc.oneof(
            { weight: 12, arbitrary: fuzzInputArb(examples).map((i) => i.text) },
            {
              weight: 1,
              arbitrary: fc
                .tuple(fuzzInputArb(examples), fc.integer({ min: 500_000, max: 1_500_000 }))
                .map(([i, size]) => i.text.repeat(Math.ceil(size / Math.max(1, i.text.length))).slice(0, size)),
            },
          ),
          edits: fc.array(editArb(), { minLength: 1, maxLength: 400, size: "max" }),
          close: fc.boolean(),
        })
        .map((s) => ({ kind: "storm" as const, ...s })),
    },
  );
}

export interface LspFuzzStats {
  actions: number;
  messages: number;
  garbageFrames: number;
  edits: number;
  bytes: number;
  probes: number;
  dropsLogged: number;
}

const PROBE_TIMEOUT_MS = 60_000;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s: ${what}`)), PROBE_TIMEOUT_MS)),
  );
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Plays `actions` against one server, probing after each; throws at the first failure with the action's
 * index. Returns what was sent.
 */
export async function playLsp(actions: readonly Action[], onProgress?: (done: number, stats: LspFuzzStats) => void): Promise<LspFuzzStats> {
  const client = new RawClient({ generateOnSave: true });
  const stats: LspFuzzStats = { actions: 0, messages: 0, garbageFrames: 0, edits: 0, bytes: 0, probes: 0, dropsLogged: 0 };
  let version = 1000;
  const write = (bytes: Buffer) => {
    stats.bytes += bytes.length;
    client.write(bytes);
  };
  try {
    for (const [i, action] of actions.entries()) {
      const describe = `action ${i} (${action.kind})`;
      if (action.kind === "garbage") {
        write(Buffer.from(action.bytes));
        stats.garbageFrames++;
      } else if (action.kind === "framing") {
        write(Buffer.from(action.text, "utf8"));
        stats.garbageFrames++;
      } else if (action.kind === "message") {
        write(frame(action.message));
        stats.messages++;
      } else {
        write(
          frame({
            jsonrpc: "2.0",
            method: "textDocument/didOpen",
            params: { textDocument: { uri: action.uri, languageId: "nn", version: ++version, text: action.text } },
          }),
        );
        for (const e of action.edits) {
          write(
            frame({
              jsonrpc: "2.0",
              method: "textDocument/didChange",
              params: {
                textDocument: { uri: action.uri, version: ++version },
                contentChanges: [e.range === undefined ? { text: e.text } : { range: e.range, text: e.text }],
              },
            }),
          );
          stats.edits++;
        }
        stats.messages += action.edits.length + 1;
        const last = version;
        if (!action.close)
          await within(client.diagnosticsFor(action.uri, last), `${describe}: diagnostics for version ${last} of ${action.uri}`);
        write(frame({ jsonrpc: "2.0", method: "textDocument/didClose", params: { textDocument: { uri: action.uri } } }));
      }
      // Garbage may end in half a header that swallows the probe's bytes: a newline frame boundary then a valid probe.
      const probe = client.request("textDocument/hover", {
        textDocument: { uri: "file:///fuzz/never-opened.nn" },
        position: { line: 0, character: 0 },
      });
      const answer = await within(probe, `${describe}: the probe request`);
      if (answer.error !== undefined || answer.result !== null) throw new Error(`${describe}: the probe got ${JSON.stringify(answer)}`);
      if (client.child.exitCode !== null) throw new Error(`${describe}: the server exited with ${client.child.exitCode}`);
      stats.probes++;
      stats.actions++;
      onProgress?.(stats.actions, stats);
    }
    stats.dropsLogged = client.logged().filter((l) => l.startsWith("nnc: dropped")).length;
    const code = await within(client.close(), "shutdown and exit");
    if (code !== 0) throw new Error(`the server exited with ${code} after shutdown and exit`);
    return stats;
  } catch (e) {
    client.child.kill();
    const tail = client.stderr.trim().split("\n").slice(-5).join("\n");
    throw new Error(`${e instanceof Error ? e.message : String(e)}${tail ? `\nserver stderr:\n${tail}` : ""}`);
  }
}
