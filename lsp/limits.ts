/**
 * How much of a document the server analyzes live. Checking costs about 5 µs and 300 bytes of heap per
 * character (measured on 1-10 MB specs; real specs are a few KB), so a document past this size would make
 * every pause in typing cost seconds and a gigabyte: past it the server publishes one notice instead of
 * diagnostics and answers feature requests with empty results; `nnc check` still checks any size.
 */
export const MAX_ANALYZED_CHARS = 1_000_000;

export function isTooLarge(text: string): boolean {
  return text.length > MAX_ANALYZED_CHARS;
}

export function tooLargeNotice(text: string): string {
  return `this document is ${(text.length / 1e6).toFixed(1)} million characters; the editor checks documents up to ${MAX_ANALYZED_CHARS / 1e6} million (run \`nnc check\` on it instead)`;
}
