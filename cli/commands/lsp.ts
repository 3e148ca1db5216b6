/** `nnc lsp --stdio`: the language server, speaking LSP over standard input and output. */
import type { Command } from "commander";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "../../lsp/server.ts";

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("start the language server (for editors)")
    .option("--stdio", "talk LSP over standard input/output (the only transport, and the default)")
    .action(() => {
      // createConnection reads the transport from process.argv (`--stdio`), so pass it explicitly.
      startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
    });
}
