/**
 * Making untrusted text (file names, CSV cells, spec strings) safe to print in a message. A path may hold
 * characters that rewrite the line a terminal or editor shows: C0 and C1 controls (CR returns to the
 * start of the line, ESC starts a terminal escape sequence, NEL U+0085 ends a line), DEL, the line and
 * paragraph separators U+2028/U+2029, and the bidirectional marks, embeddings, overrides and isolates
 * (U+202E turns `gpj.exe` into `exe.jpg` on screen, the "Trojan Source" trick). Every message that can
 * carry such text goes through `escapeMessage` once, where it is formatted: the CLI's error reporter and
 * `formatDiagnostic`, and the data and checkpoint errors' constructors (for callers of the runtime).
 * Backslashes are left alone, so escaping twice changes nothing.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  return SHORT[ch] ?? `\\u{${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}}`;
}

/** `text` with every control, separator and bidi character written as an escape (`\r`, `\u{202E}`): one visible line. */
export function escapeMessage(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** As escapeMessage, but line feeds stay (for multi-line text such as a stack trace). */
export function escapeMessageLines(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeMessage(line))
    .join("\n");
}

/**
 * A source line to print under a diagnostic with a caret below it: each unsafe character becomes one
 * U+FFFD, so columns still line up (tabs stay; the caret line copies them).
 */
export function visibleExcerpt(line: string): string {
  return line.replace(UNSAFE, (ch) => (ch === "\t" ? ch : "\uFFFD"));
}
