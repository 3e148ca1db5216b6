/** `nnc lsp --stdio`: the language server, speaking LSP over standard input and output. */
import type { Command } from "commander";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("start the language server (for editors)")
    .option("--stdio", "talk LSP over standard input/output (the only transport, and the default)")
    .action(async () => {
      const { createConnection, ProposedFeatures, StreamMessageWriter } = await import("vscode-languageserver/node");
      const { TolerantMessageReader } = await import("../../lsp/message-reader.ts");
      const { startServer } = await import("../../lsp/server.ts");
      // The reader is our own (it survives bad framing, see lsp/message-reader.ts); passing reader and
      // writer also keeps createConnection from reading the transport out of process.argv.
      const reader = new TolerantMessageReader(process.stdin);
      startServer(createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)), { dropped: reader.onDropped });
    });
}
