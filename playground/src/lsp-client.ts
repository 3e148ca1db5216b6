/**
 * Monaco ↔ the nnc language server in a Web Worker. The server is the same code as `nnc lsp`
 * (lsp/server.ts) behind vscode-languageserver's browser transport; this side speaks LSP through
 * vscode-languageserver-protocol's browser connection and maps each feature the playground shows onto
 * Monaco's provider for it (diagnostics → markers, completion, hover, inlay hints, quick fixes, formatting,
 * go to definition, rename, outline). monaco-languageclient does the same through a VS Code API layer
 * (@codingame/monaco-vscode-api and its service packages); for these features a direct mapping is smaller.
 */
import * as monaco from "./monaco.ts";
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
  type Location,
  type MarkupContent,
  type ProtocolConnection,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/browser";

export const LANGUAGE_ID = "nn";
export type { Diagnostic };

const toMonacoRange = (r: Range): monaco.IRange => ({
  startLineNumber: r.start.line + 1,
  startColumn: r.start.character + 1,
  endLineNumber: r.end.line + 1,
  endColumn: r.end.character + 1,
});
const toPosition = (p: monaco.IPosition): { line: number; character: number } => ({ line: p.lineNumber - 1, character: p.column - 1 });
const toLspRange = (r: monaco.IRange): Range => ({
  start: toPosition({ lineNumber: r.startLineNumber, column: r.startColumn }),
  end: toPosition({ lineNumber: r.endLineNumber, column: r.endColumn }),
});

const severity = (s: Diagnostic["severity"]): monaco.MarkerSeverity =>
  s === 1
    ? monaco.MarkerSeverity.Error
    : s === 2
      ? monaco.MarkerSeverity.Warning
      : s === 3
        ? monaco.MarkerSeverity.Info
        : monaco.MarkerSeverity.Hint;

const markdown = (c: Hover["contents"] | MarkupContent | string | undefined): monaco.IMarkdownString[] => {
  if (c === undefined) return [];
  if (typeof c === "string") return [{ value: c }];
  if (Array.isArray(c))
    return c.flatMap((x) =>
      markdown(typeof x === "string" ? x : { kind: "markdown", value: "```" + x.language + "\n" + x.value + "\n```" }),
    );
  if ("kind" in c) return [{ value: c.value }];
  return [{ value: "```" + c.language + "\n" + c.value + "\n```" }];
};

const textEdits = (edits: readonly TextEdit[]): monaco.languages.TextEdit[] =>
  edits.map((e) => ({ range: toMonacoRange(e.range), text: e.newText }));

function workspaceEdit(model: monaco.editor.ITextModel, edit: WorkspaceEdit | null | undefined): monaco.languages.WorkspaceEdit {
  const changes = edit?.changes?.[model.uri.toString()] ?? [];
  return {
    edits: changes.map((e) => ({
      resource: model.uri,
      textEdit: { range: toMonacoRange(e.range), text: e.newText },
      versionId: undefined,
    })),
  };
}

export interface LanguageClient {
  readonly connection: ProtocolConnection;
  /** Called with every set of diagnostics the server publishes for the model. */
  onDiagnostics(listener: (diagnostics: readonly Diagnostic[]) => void): void;
  dispose(): void;
}

/** Starts the server worker, opens `model` in it, and registers Monaco's providers for the language. */
export async function startLanguageClient(port: MessagePort, model: monaco.editor.ITextModel): Promise<LanguageClient> {
  const connection = createProtocolConnection(new BrowserMessageReader(port), new BrowserMessageWriter(port));
  const listeners: ((diagnostics: readonly Diagnostic[]) => void)[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: Diagnostic[] }) => {
    if (p.uri !== model.uri.toString()) return;
    monaco.editor.setModelMarkers(
      model,
      "nnc",
      p.diagnostics.map((d) => ({
        ...toMonacoRange(d.range),
        message: typeof d.message === "string" ? d.message : d.message.value,
        severity: severity(d.severity),
        code: d.code === undefined ? undefined : String(d.code),
        source: "nnc",
      })),
    );
    for (const l of listeners) l(p.diagnostics);
  });
  connection.onNotification("window/logMessage", (p: { message: string }) => console.info(`nnc language server: ${p.message}`));
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: null,
    rootUri: null,
    capabilities: {
      textDocument: {
        hover: { contentFormat: ["markdown", "plaintext"] },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown"] } },
      },
    },
  });
  await connection.sendNotification("initialized", {});
  const uri = model.uri.toString();
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: LANGUAGE_ID, version: model.getVersionId(), text: model.getValue() },
  });
  const changes = model.onDidChangeContent(() => {
    void connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: model.getVersionId() },
      contentChanges: [{ text: model.getValue() }],
    });
  });

  const doc = { textDocument: { uri } };
  const registrations = [
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ["(", ",", "=", ":", "[", " "],
      async provideCompletionItems(m, position) {
        const result = (await connection.sendRequest("textDocument/completion", { ...doc, position: toPosition(position) })) as
          CompletionItem[] | CompletionList | null;
        const items = Array.isArray(result) ? result : (result?.items ?? []);
        const word = m.getWordUntilPosition(position);
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: word.startColumn,
          endColumn: word.endColumn,
        };
        return {
          suggestions: items.map((item) => ({
            label: item.label,
            kind: monaco.languages.CompletionItemKind.Value,
            detail: item.detail,
            documentation:
              item.documentation === undefined
                ? undefined
                : typeof item.documentation === "string"
                  ? item.documentation
                  : { value: item.documentation.value },
            insertText: item.textEdit && "newText" in item.textEdit ? item.textEdit.newText : (item.insertText ?? item.label),
            insertTextRules: item.insertTextFormat === 2 ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
            range: item.textEdit && "range" in item.textEdit ? toMonacoRange(item.textEdit.range) : range,
            sortText: item.sortText,
            filterText: item.filterText,
          })),
        };
      },
    }),
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      async provideHover(_m, position) {
        const h = (await connection.sendRequest("textDocument/hover", { ...doc, position: toPosition(position) })) as Hover | null;
        return h ? { contents: markdown(h.contents), range: h.range ? toMonacoRange(h.range) : undefined } : null;
      },
    }),
    monaco.languages.registerInlayHintsProvider(LANGUAGE_ID, {
      async provideInlayHints(_m, range) {
        const hints =
          ((await connection.sendRequest("textDocument/inlayHint", { ...doc, range: toLspRange(range) })) as InlayHint[] | null) ?? [];
        return {
          hints: hints.map((h) => ({
            position: { lineNumber: h.position.line + 1, column: h.position.character + 1 },
            label: typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join(""),
            paddingLeft: h.paddingLeft,
            paddingRight: h.paddingRight,
          })),
          dispose() {},
        };
      },
    }),
    monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
      async provideCodeActions(m, range, context) {
        const diagnostics = context.markers.map((mk) => ({
          range: toLspRange(mk),
          message: mk.message,
          severity: mk.severity === monaco.MarkerSeverity.Error ? 1 : 2,
          code: typeof mk.code === "string" ? mk.code : undefined,
        }));
        const actions =
          ((await connection.sendRequest("textDocument/codeAction", { ...doc, range: toLspRange(range), context: { diagnostics } })) as
            CodeAction[] | null) ?? [];
        return {
          actions: actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred, edit: workspaceEdit(m, a.edit) })),
          dispose() {},
        };
      },
    }),
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      async provideDocumentFormattingEdits(_m, options) {
        return textEdits(((await connection.sendRequest("textDocument/formatting", { ...doc, options })) as TextEdit[] | null) ?? []);
      },
    }),
    monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
      async provideDefinition(m, position) {
        const r = (await connection.sendRequest("textDocument/definition", { ...doc, position: toPosition(position) })) as
          Location | Location[] | null;
        return (Array.isArray(r) ? r : r ? [r] : []).map((l) => ({ uri: m.uri, range: toMonacoRange(l.range) }));
      },
    }),
    monaco.languages.registerRenameProvider(LANGUAGE_ID, {
      async provideRenameEdits(m, position, newName) {
        return workspaceEdit(
          m,
          (await connection.sendRequest("textDocument/rename", {
            ...doc,
            position: toPosition(position),
            newName,
          })) as WorkspaceEdit | null,
        );
      },
    }),
    monaco.languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
      async provideDocumentSymbols() {
        const symbols = ((await connection.sendRequest("textDocument/documentSymbol", doc)) as DocumentSymbol[] | null) ?? [];
        const convert = (s: DocumentSymbol): monaco.languages.DocumentSymbol => ({
          name: s.name,
          detail: s.detail ?? "",
          kind: s.kind - 1,
          tags: [],
          range: toMonacoRange(s.range),
          selectionRange: toMonacoRange(s.selectionRange),
          children: (s.children ?? []).map(convert),
        });
        return symbols.map(convert);
      },
    }),
  ];
  return {
    connection,
    onDiagnostics: (listener) => void listeners.push(listener),
    dispose() {
      changes.dispose();
      registrations.forEach((r) => r.dispose());
      connection.dispose();
      port.close();
    },
  };
}
