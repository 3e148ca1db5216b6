/** `nnc lsp --stdio`: the language server, speaking LSP over standard input and output. */
import type { Command } from "commander";

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("start the language server (for editors)")
    .option("--stdio", "talk LSP over standard input/output (the only transport, and the default)")
    .action(async () => {
      // Loaded when the command runs: `nnc --help` registers every command and should load none of their machinery.
      const { startStdioServer } = await import("../../lsp/stdio.ts");
      startStdioServer();
    });
}
