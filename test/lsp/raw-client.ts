/**
 * A client that writes raw bytes to the real server (`node bin/nnc.js lsp --stdio`), so tests and the
 * fuzzer can send what no well-behaved client would: broken headers, lying lengths, bodies that are not
 * JSON. It reads the server's (well-formed) output frame by frame and keeps every message received.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export interface ServerMessage {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "latin1"), body]);
}

export class RawClient {
  readonly child: ChildProcess;
  readonly received: ServerMessage[] = [];
  stderr = "";
  private out = Buffer.alloc(0);
  private waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private nextId = 1_000_000;
  exit: Promise<number | null>;

  constructor(initializationOptions: unknown = {}) {
    this.child = spawn(process.execPath, [resolve(root, "bin/nnc.js"), "lsp", "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.on("data", (d: Buffer) => this.onData(d));
    this.child.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdin!.on("error", () => undefined); // a server that died is reported by `exit`, not by EPIPE
    this.exit = new Promise((res) => this.child.once("exit", (code) => res(code)));
    this.send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {}, initializationOptions },
    });
    this.send({ jsonrpc: "2.0", method: "initialized", params: {} });
  }

  private onData(d: Buffer): void {
    this.out = Buffer.concat([this.out, d]);
    for (;;) {
      const end = this.out.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.out.toString("latin1", 0, end))?.[1]);
      if (this.out.length < end + 4 + length) return;
      const message = JSON.parse(this.out.toString("utf8", end + 4, end + 4 + length)) as ServerMessage;
      this.out = this.out.subarray(end + 4 + length);
      this.received.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    }
  }

  write(bytes: string | Buffer): void {
    this.child.stdin!.write(bytes);
  }

  send(message: unknown): void {
    this.write(frame(message));
  }

  /** Resolves with the first message (already received or to come) that passes `test`. */
  waitFor(test: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    const seen = this.received.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((res) => this.waiters.push({ test, resolve: res }));
  }

  /** Sends a request and resolves with its response. */
  request(method: string, params: unknown): Promise<ServerMessage> {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined);
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** The messages the server logged with window/logMessage or showed with window/showMessage. */
  logged(): string[] {
    return this.received
      .filter((m) => m.method === "window/logMessage" || m.method === "window/showMessage")
      .map((m) => (m.params as { message: string }).message);
  }

  diagnosticsFor(uri: string, version: number): Promise<ServerMessage> {
    return this.waitFor(
      (m) =>
        m.method === "textDocument/publishDiagnostics" &&
        (m.params as { uri: string; version?: number }).uri === uri &&
        (m.params as { version?: number }).version === version,
    );
  }

  async close(): Promise<number | null> {
    if (this.child.exitCode === null) {
      await this.request("shutdown", null);
      this.notify("exit", null);
    }
    return this.exit;
  }
}
