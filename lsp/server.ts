/**
 * The language server: wires each provider to its LSP request. Every provider reads the one cached
 * analysis of the document version (see analysis.ts); diagnostics are published at once for an edit when
 * none is waiting, and for a burst of edits once it has been quiet for DIAGNOSTICS_DELAY_MS (its last version),
 * and `name.nn.ts` is regenerated on save when `nnc.generateOnSave` is on. Nothing a client sends may stop
 * the server: input it cannot use is dropped and reported with `window/logMessage` (see message-reader.ts),
 * and a failing handler is reported, never thrown out of the process.
 */
import {
  DiagnosticSeverity,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Event,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeDocument, type DocumentAnalysis } from "./analysis.ts";
import { BackgroundHeaders } from "./data-headers.ts";
import { codeActions } from "./code-actions.ts";
import { completions } from "./completion.ts";
import { lspDiagnostics } from "./diagnostics.ts";
import { formatDocument, formatRange } from "./formatting.ts";
import { generateBesideSpec } from "./generate.ts";
import { hover } from "./hover.ts";
import { isTooLarge, tooLargeNotice } from "./limits.ts";
import { inlayHints } from "./inlay-hints.ts";
import { definition, highlights, prepareRename, references, rename } from "./navigation.ts";
import { documentSymbols, foldingRanges } from "./outline.ts";
import { semanticLegend, semanticTokens } from "./semantic-tokens.ts";

export const GENERATE_COMMAND = "nnc.generateTypeScript";

/** Diagnostics wait for this long a pause in a document's edits. */
export const DIAGNOSTICS_DELAY_MS = 150;

interface Settings {
  generateOnSave: boolean;
}

export interface ServerOptions {
  /** Input the transport threw away (bad framing, a body that is not JSON-RPC), one line each. */
  readonly dropped?: Event<string>;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, DocumentAnalysis>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const settings: Settings = { generateOnSave: false };
  options.dropped?.((why) => connection.console.warn(`nnc: ${why}`));
  /** Drops every cached analysis and checks every open document again, at once. */
  function recheckAll(): void {
    cache.clear();
    for (const doc of documents.all()) {
      clearTimeout(pending.get(doc.uri));
      pending.set(
        doc.uri,
        setTimeout(() => publish(doc.uri), 0),
      );
    }
  }
  // When a data file's facts arrive or change, every open document is checked again.
  const dataHeaders = new BackgroundHeaders(recheckAll);

  /** Reports a failure of the server's own work (never a user's spec error) without letting it escape. */
  function reportFailure(what: string, e: unknown): void {
    const message = `nnc: ${what} failed: ${e instanceof Error ? e.message : String(e)}`;
    connection.console.error(message);
    showError(message);
  }

  /** window/showMessage (a notification: showErrorMessage would be a request the client must answer). */
  function showError(message: string): void {
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  }

  function analysisOf(doc: TextDocument): DocumentAnalysis {
    const cached = cache.get(doc.uri);
    if (cached !== undefined && cached.version === doc.version) return cached;
    const fresh = analyzeDocument(doc, dataHeaders);
    cache.set(doc.uri, fresh);
    return fresh;
  }

  /** Runs `fn` on an open document's analysis, or answers `empty` for an unknown or too large one. */
  function withDoc<T>(uri: string, empty: T, fn: (a: DocumentAnalysis, doc: TextDocument) => T): T {
    const doc = documents.get(uri);
    return doc === undefined || isTooLarge(doc.getText()) ? empty : fn(analysisOf(doc), doc);
  }

  function publish(uri: string): void {
    pending.delete(uri);
    const doc = documents.get(uri);
    if (doc === undefined) return;
    try {
      const text = doc.getText();
      const diagnostics = isTooLarge(text)
        ? [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              severity: DiagnosticSeverity.Information,
              source: "nnc",
              message: tooLargeNotice(text),
            },
          ]
        : lspDiagnostics(analysisOf(doc), doc);
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    } catch (e) {
      reportFailure(`checking ${uri}`, e);
    }
  }

  function applySettings(value: unknown): void {
    const nnc = (value as { nnc?: Partial<Settings> } | undefined)?.nnc ?? (value as Partial<Settings> | undefined);
    if (typeof nnc?.generateOnSave === "boolean") settings.generateOnSave = nnc.generateOnSave;
  }

  connection.onInitialize((params): InitializeResult => {
    applySettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: ["(", ",", "=", ":", "[", " "] },
        hoverProvider: true,
        inlayHintProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticLegend, full: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        executeCommandProvider: { commands: [GENERATE_COMMAND] },
      },
      serverInfo: { name: "nnc" },
    };
  });
  connection.onDidChangeConfiguration((p) => applySettings(p.settings));
  // Files changed (a client that watches the workspace, or the playground after an upload): data headers
  // are read again at once instead of after their refresh interval, and the documents checked again.
  connection.onDidChangeWatchedFiles(() => {
    dataHeaders.forget();
    recheckAll();
  });

  documents.onDidChangeContent(({ document }) => {
    // An edit with no analysis waiting is checked at once (as soon as the messages already read are
    // handled), so a keystroke's diagnostics take one analysis; edits that arrive while one is waiting —
    // faster than the server checks — restart a DIAGNOSTICS_DELAY_MS wait, and only the last version of
    // such a burst is analyzed: a storm of edits costs two analyses, not one per edit.
    const uri = document.uri;
    const waiting = pending.has(uri);
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => publish(uri), waiting ? DIAGNOSTICS_DELAY_MS : 0),
    );
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    cache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  documents.onDidSave(async ({ document }) => {
    if (!settings.generateOnSave) return;
    try {
      const result = await generateBesideSpec(document.uri, document.getText());
      if ("written" in result) connection.console.log(`nnc: wrote ${result.written}`);
      else if ("failed" in result) {
        connection.console.error(`nnc: ${result.failed}`);
        showError(`nnc: ${result.failed}`);
      }
    } catch (e) {
      reportFailure(`generating TypeScript for ${document.uri}`, e);
    }
  });

  connection.onCompletion((p) => withDoc(p.textDocument.uri, [], (a, d) => completions(a, d.getText(), d.offsetAt(p.position))));
  connection.onHover((p) => withDoc(p.textDocument.uri, null, (a, d) => hover(a, d, d.offsetAt(p.position))));
  connection.languages.inlayHint.on((p) =>
    withDoc(p.textDocument.uri, [], (a, d) => inlayHints(a, d, d.offsetAt(p.range.start), d.offsetAt(p.range.end))),
  );
  connection.onDefinition((p) => withDoc(p.textDocument.uri, null, (a, d) => definition(a, d, d.offsetAt(p.position))));
  connection.onReferences((p) =>
    withDoc(p.textDocument.uri, [], (a, d) => references(a, d, d.offsetAt(p.position), p.context.includeDeclaration)),
  );
  connection.onDocumentHighlight((p) => withDoc(p.textDocument.uri, [], (a, d) => highlights(a, d, d.offsetAt(p.position))));
  connection.onPrepareRename((p) => withDoc(p.textDocument.uri, null, (a, d) => prepareRename(a, d, d.offsetAt(p.position))));
  connection.onRenameRequest((p) => withDoc(p.textDocument.uri, null, (a, d) => rename(a, d, d.offsetAt(p.position), p.newName)));
  connection.onDocumentSymbol((p) => withDoc(p.textDocument.uri, [], (a, d) => documentSymbols(a, d)));
  connection.onFoldingRanges((p) => withDoc(p.textDocument.uri, [], (a) => foldingRanges(a)));
  connection.languages.semanticTokens.on((p) => withDoc(p.textDocument.uri, { data: [] }, (a) => semanticTokens(a)));
  connection.onDocumentFormatting((p) => withDoc(p.textDocument.uri, [], (_a, d) => formatDocument(d)));
  connection.onDocumentRangeFormatting((p) => withDoc(p.textDocument.uri, [], (_a, d) => formatRange(d, p.range)));
  connection.onCodeAction((p) =>
    withDoc(p.textDocument.uri, [], (a, d) => codeActions(a, d, d.offsetAt(p.range.start), d.offsetAt(p.range.end))),
  );
  connection.onExecuteCommand(async (p) => {
    if (p.command !== GENERATE_COMMAND) return null;
    const uri = String(p.arguments?.[0] ?? "");
    const doc = documents.get(uri);
    if (doc === undefined) return { skipped: `${uri} is not open` };
    try {
      return await generateBesideSpec(uri, doc.getText());
    } catch (e) {
      reportFailure(`generating TypeScript for ${uri}`, e);
      return { failed: e instanceof Error ? e.message : String(e) };
    }
  });

  documents.listen(connection);
  connection.listen();
}
