/**
 * An editor stand-in for the integration tests: starts `node bin/nnc.js lsp --stdio` as a child process
 * and speaks JSON-RPC to it over stdio, collecting the diagnostics the server publishes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createProtocolConnection, type ProtocolConnection, type PublishDiagnosticsParams } from "vscode-languageserver/node";

const root = resolve(import.meta.dirname, "../..");

export interface TestClient {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  request<R>(method: string, params: unknown): Promise<R>;
  notify(method: string, params: unknown): Promise<void>;
  /** Opens a document and resolves with the first diagnostics published for that version. */
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  change(uri: string, text: string, version: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

export function fileUri(path: string): string {
  return pathToFileURL(resolve(root, path)).href;
}

export async function startClient(initializationOptions: unknown = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [resolve(root, "bin/nnc.js"), "lsp", "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const connection = createProtocolConnection(child.stdout!, child.stdin!);
  const waiting = new Map<string, { version: number; resolve: (p: PublishDiagnosticsParams) => void }>();
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    const w = waiting.get(p.uri);
    if (w !== undefined && p.version === w.version) {
      waiting.delete(p.uri);
      w.resolve(p);
    }
  });
  connection.onRequest("workspace/configuration", () => [null]);
  connection.onRequest("client/registerCapability", () => null);
  connection.listen();
  const diagnosticsFor = (uri: string, version: number): Promise<PublishDiagnosticsParams> =>
    new Promise((res) => waiting.set(uri, { version, resolve: res }));
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions,
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    child,
    request: (method, params) => connection.sendRequest(method, params),
    notify: (method, params) => connection.sendNotification(method, params),
    async open(uri, text, version = 1) {
      const published = diagnosticsFor(uri, version);
      await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "nn", version, text } });
      return published;
    },
    async change(uri, text, version) {
      const published = diagnosticsFor(uri, version);
      await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
      return published;
    },
    async close() {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      connection.dispose();
      await new Promise<void>((res) => (child.exitCode !== null ? res() : child.once("exit", () => res())));
    },
  };
}
