/**
 * The language server in a Web Worker: the same server code as `nnc lsp` (lsp/server.ts), speaking LSP
 * over a MessagePort the page hands over, so this worker's own channel stays free for the data files the
 * page sends (the data-header checks read them as `nnc check` reads files on disk).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from "vscode-languageserver/browser";
import { startServer } from "../../lsp/server.ts";
import { setFiles } from "./platform/files.ts";

export type LspWorkerMessage =
  | { readonly kind: "connect"; readonly port: MessagePort }
  | { readonly kind: "files"; readonly files: Readonly<Record<string, Uint8Array>> };

self.onmessage = (e: MessageEvent<LspWorkerMessage>) => {
  if (e.data.kind === "files") setFiles(e.data.files);
  else startServer(createConnection(new BrowserMessageReader(e.data.port), new BrowserMessageWriter(e.data.port)));
};
