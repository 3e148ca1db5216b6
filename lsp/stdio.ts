/**
 * The language server on standard input and output: `nnc lsp --stdio` and the VS Code extension's bundled
 * server (editors/vscode/src/server.js) both start it here.
 */
import { createConnection, ProposedFeatures, StreamMessageWriter } from "vscode-languageserver/node";
import { TolerantMessageReader } from "./message-reader.ts";
import { startServer } from "./server.ts";

export function startStdioServer(): void {
  // The reader is our own (it survives bad framing, see message-reader.ts); passing reader and writer also
  // keeps createConnection from reading the transport out of process.argv.
  const reader = new TolerantMessageReader(process.stdin);
  startServer(createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)), { dropped: reader.onDropped });
}
