// The VS Code client: starts `nnc lsp --stdio` (the server ships with nnc, so the editor and the CLI always
// agree) and adds the "Generate TypeScript" command. Bundled to dist/extension.js by scripts/package.mjs.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {import("vscode-languageclient/node").LanguageClient | undefined} */
let client;

/** Where the nnc CLI is: the setting, the workspace's own install, or the PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration("nnc").get("server.path", "");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const local = folder === undefined ? undefined : [join(folder, "node_modules/nnc/bin/nnc.js"), join(folder, "bin/nnc.js")].find((p) => existsSync(p));
  const path = configured || local || "nnc";
  const args = ["lsp", "--stdio"];
  return path.endsWith(".js") ? { command: "node", args: [path, ...args] } : { command: path, args };
}

function activate(context) {
  const server = serverCommand();
  client = new LanguageClient(
    "nnc",
    "nnc language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "nn" }, { scheme: "untitled", language: "nn" }],
      initializationOptions: { generateOnSave: vscode.workspace.getConfiguration("nnc").get("generateOnSave", false) },
      synchronize: { configurationSection: "nnc" },
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("nnc.generate", async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined || editor.document.languageId !== "nn" || client === undefined) return;
      const result = await client.sendRequest("workspace/executeCommand", { command: "nnc.generateTypeScript", arguments: [editor.document.uri.toString()] });
      if (result && result.written) vscode.window.showInformationMessage(`nnc: wrote ${result.written}`);
      else vscode.window.showWarningMessage(`nnc: ${result ? result.skipped : "no answer from the server"}`);
    }),
  );
  return client.start();
}

function deactivate() {
  return client === undefined ? undefined : client.stop();
}

module.exports = { activate, deactivate };
