// The VS Code client: starts the nnc language server and adds the "Generate TypeScript" command. Bundled to
// dist/extension.js by scripts/package.mjs, beside the server it ships (dist/server.mjs), so it works with
// no nnc installed; a workspace that installs nnc gets that version's server, so the editor and its CLI agree.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {import("vscode-languageclient/node").LanguageClient | undefined} */
let client;

/** The server to start: the setting's nnc, the workspace's own install of nnc, else the one bundled here. */
function serverOptions(context) {
  const configured = vscode.workspace.getConfiguration("nnc").get("server.path", "");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const local =
    folder === undefined ? undefined : [join(folder, "node_modules/nnc/bin/nnc.js"), join(folder, "bin/nnc.js")].find((p) => existsSync(p));
  const path = configured || local;
  const args = ["lsp", "--stdio"];
  if (path === undefined) return { module: context.asAbsolutePath("dist/server.mjs"), transport: TransportKind.stdio };
  return path.endsWith(".js") ? { command: "node", args: [path, ...args] } : { command: path, args };
}

function activate(context) {
  const server = serverOptions(context);
  client = new LanguageClient(
    "nnc",
    "nnc language server",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "nn" },
        { scheme: "untitled", language: "nn" },
      ],
      initializationOptions: { generateOnSave: vscode.workspace.getConfiguration("nnc").get("generateOnSave", false) },
      synchronize: { configurationSection: "nnc" },
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("nnc.generate", async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined || editor.document.languageId !== "nn" || client === undefined) return;
      const result = await client.sendRequest("workspace/executeCommand", {
        command: "nnc.generateTypeScript",
        arguments: [editor.document.uri.toString()],
      });
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
