/** `nnc lsp --stdio`: the language server, speaking LSP over standard input and output. */
import type { Command } from "commander";
import { createConnection, ProposedFeatures, StreamMessageWriter } from "vscode-languageserver/node";
import { TolerantMessageReader } from "../../lsp/message-reader.ts";
import { startServer } from "../../lsp/server.ts";

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("start the language server (for editors)")
    .option("--stdio", "talk LSP over standard input/output (the only transport, and the default)")
    .action(() => {
      // The reader is our own (it survives bad framing, see lsp/message-reader.ts); passing reader and
      // writer also keeps createConnection from reading the transport out of process.argv.
      const reader = new TolerantMessageReader(process.stdin);
      startServer(createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)), { dropped: reader.onDropped });
    });
}
