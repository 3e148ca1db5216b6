/**
 * The notifications whose parameters the server trusts, checked before they reach vscode-languageserver's
 * TextDocuments (which would throw on `contentChanges: null` in the middle of applying an edit) and
 * vscode-jsonrpc's cancellation (which crashes the process on a `$/cancelRequest` without an id). A malformed one is dropped and reported: a notification has no reply to carry an
 * error, and applying half of it would leave the server's copy of the document wrong.
 */
import type { Message } from "vscode-languageserver/node";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isCount(v.line) && isCount(v.character);

function documentId(params: Json, versioned: boolean): string | undefined {
  const doc = params.textDocument;
  if (!isObject(doc)) return "textDocument is not an object";
  if (typeof doc.uri !== "string") return "textDocument.uri is not a string";
  if (versioned && !(typeof doc.version === "number" && Number.isInteger(doc.version))) return "textDocument.version is not an integer";
  return undefined;
}

function change(c: unknown, i: number): string | undefined {
  if (!isObject(c)) return `contentChanges[${i}] is not an object`;
  if (typeof c.text !== "string") return `contentChanges[${i}].text is not a string`;
  if (c.range !== undefined && !(isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end)))
    return `contentChanges[${i}].range is not a range`;
  return undefined;
}

// A Map, not an object literal: a method named `toString` must not find Object.prototype's (the fuzzer's find).
const checks = new Map<string, (params: Json) => string | undefined>(
  Object.entries({
    "textDocument/didOpen": (p: Json) => {
      const doc = p.textDocument;
      if (!isObject(doc) || typeof doc.uri !== "string") return "textDocument.uri is not a string";
      if (typeof doc.text !== "string") return "textDocument.text is not a string";
      if (!(typeof doc.version === "number" && Number.isInteger(doc.version))) return "textDocument.version is not an integer";
      return undefined;
    },
    "textDocument/didChange": (p: Json) => {
      const id = documentId(p, true);
      if (id !== undefined) return id;
      if (!Array.isArray(p.contentChanges)) return "contentChanges is not a list";
      for (let i = 0; i < p.contentChanges.length; i++) {
        const bad = change(p.contentChanges[i], i);
        if (bad !== undefined) return bad;
      }
      return undefined;
    },
    "textDocument/didSave": (p: Json) => documentId(p, false),
    "textDocument/didClose": (p: Json) => documentId(p, false),
    // vscode-jsonrpc reads params.id without a check and throws out of its message handler (the fuzzer's find).
    "$/cancelRequest": (p: Json) =>
      typeof p.id === "number" || typeof p.id === "string" ? undefined : "params.id is neither a number nor a string",
  }),
);

/** Why a document notification cannot be applied, or undefined when it can (and for every other message). */
export function malformedNotification(message: Message): string | undefined {
  const m = message as Json;
  if ("id" in m || typeof m.method !== "string") return undefined;
  const check = checks.get(m.method);
  if (check === undefined) return undefined;
  return isObject(m.params) ? check(m.params) : "params is not an object";
}
