import { groupDigits } from "../compiler/index.ts";

/**
 * How much of a document the server analyzes live. The costliest shape, a model of tens of thousands of
 * layers, takes about 250 bytes of heap per character and linear, GC-bound time (250,000, 500,000 and
 * 1,000,000 characters of layers: 7.1 s, 12.2 s, 25.2 s and 289, 450, 809 MB of RSS on the 2-core machine
 * at a load average of 17; real specs are a few KB), so past
 * this size every pause in typing would cost many seconds and most of a gigabyte: the server publishes one
 * notice instead of diagnostics and answers feature requests with empty results. `nnc check` checks any size.
 */
export const MAX_ANALYZED_CHARS = 500_000;

export function isTooLarge(text: string): boolean {
  return text.length > MAX_ANALYZED_CHARS;
}

export function tooLargeNotice(text: string): string {
  return `this document is ${groupDigits(text.length)} characters long; the editor checks documents of up to ${groupDigits(MAX_ANALYZED_CHARS)} (run \`nnc check\` on it instead)`;
}
