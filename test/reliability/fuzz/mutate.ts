/**
 * Input generators for the compiler fuzzer: mutations of real specs (token deletion, duplication, swap
 * and replacement, random and invalid-UTF-8 bytes, huge and odd numbers, deep nesting, very long lines,
 * truncation, splicing, a line repeated thousands of times — repeated layer names and constants — and
 * sizes too large for memory) and unstructured strings, all as fast-check arbitraries so a failure shrinks and
 * replays from its seed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";

export const examplesDir = resolve(import.meta.dirname, "../../../examples");

/** Every example spec (top level and one folder down), as [path relative to examples/, text]. */
export function exampleSpecs(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string, prefix: string, depth: number) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && depth === 0) walk(join(dir, e.name), `${prefix}${e.name}/`, 1);
      else if (e.isFile() && e.name.endsWith(".nn")) out.push([prefix + e.name, readFileSync(join(dir, e.name), "utf8")]);
    }
  };
  walk(examplesDir, "", 0);
  return out;
}

/** A rough lexer for mutation only (the real one is not needed to pick token boundaries). */
export function roughTokens(text: string): string[] {
  return text.match(/"(?:[^"\\\n]|\\.)*"?|#[^\n]*|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|\s+|./gsu) ?? [];
}

const oddNumbers = [
  "1e309",
  "-1e309",
  "1e-400",
  "9".repeat(400),
  "0." + "0".repeat(400) + "1",
  "18446744073709551617",
  "-0",
  "0",
  "NaN",
  "Infinity",
  "0x10",
  "1_000",
  "1e",
  "1e+",
  ".",
  "..5",
  "1.2.3",
  "4294967296",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "1e-45",
  "3.4028235e38",
  "1" + "0".repeat(20) + " steps",
];
/** Sizes that do not fit: past WebAssembly's 4 GiB as a width, a batch or a history, and past 2^53. */
const hugeSizes = ["1e9", "16384", "65536", "100000", "4294967296", "2147483648", "1e15", "9007199254740993", "1e300"];
const nestOpen = ["(", "[", "{", "-", "+", "(-", "[(", "then ", "for "];
const closing: Record<string, string> = { "(": ")", "[": "]", "{": "}", "(-": ")", "[(": ")]" };
const oddChars = [
  "\u0000",
  "\ufeff",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udfff",
  "\u202e",
  "\u200b",
  "\r",
  "\t",
  "\v",
  "\f",
  "\u00a0",
  "\u0430" /* Cyrillic a */,
  "\u0131",
  "${",
  "`",
  "*/",
  "/*",
  "\\",
  '"',
  "'",
  "\u{1F600}",
  "\uFFFD",
  "\u0085",
];

export type Mutation =
  | { op: "delete" | "duplicate" | "truncate"; at: number }
  | { op: "swap"; at: number; with: number }
  | { op: "replace"; at: number; donor: number; token: number }
  | { op: "number"; at: number; value: number }
  | { op: "bytes"; at: number; bytes: number[] }
  | { op: "char"; at: number; char: number; times: number }
  | { op: "nest"; at: number; open: number; depth: number; closed: boolean }
  | { op: "long"; at: number; kind: number; length: number }
  | { op: "splice"; at: number; donor: number; from: number; length: number }
  | { op: "repeat"; at: number; times: number }
  | { op: "size"; at: number; value: number };

const at = fc.nat();
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const, "truncate" as const), at }),
  fc.record({ op: fc.constant("swap" as const), at, with: fc.nat() }),
  fc.record({ op: fc.constant("replace" as const), at, donor: fc.nat(), token: fc.nat() }),
  fc.record({ op: fc.constant("number" as const), at, value: fc.nat() }),
  fc.record({ op: fc.constant("bytes" as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant("char" as const), at, char: fc.nat(), times: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    op: fc.constant("nest" as const),
    at,
    open: fc.nat(),
    depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 60, max: 5000 })),
    closed: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("long" as const),
    at,
    kind: fc.nat(),
    length: fc.oneof(
      { arbitrary: fc.integer({ min: 200, max: 5000 }), weight: 9 },
      { arbitrary: fc.integer({ min: 5000, max: 100_000 }), weight: 1 },
    ),
  }),
  fc.record({ op: fc.constant("splice" as const), at, donor: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    op: fc.constant("repeat" as const),
    at,
    times: fc.oneof(
      { arbitrary: fc.integer({ min: 2, max: 200 }), weight: 4 },
      { arbitrary: fc.integer({ min: 200, max: 20_000 }), weight: 1 },
    ),
  }),
  fc.record({ op: fc.constant("size" as const), at, value: fc.nat() }),
);

const utf8 = new TextDecoder("utf-8"); // non-fatal, like readFileSync(f, "utf8"): invalid bytes become U+FFFD

/** Applies one mutation to a token list; positions are taken modulo the list's length. */
export function applyMutation(tokens: string[], m: Mutation, donors: readonly string[][]): string[] {
  const n = tokens.length;
  if (n === 0) return tokens;
  const i = m.at % n;
  const t = tokens.slice();
  switch (m.op) {
    case "delete":
      t.splice(i, 1);
      return t;
    case "duplicate":
      t.splice(i, 0, t[i]);
      return t;
    case "truncate":
      return t.slice(0, i);
    case "swap": {
      const j = m.with % n;
      [t[i], t[j]] = [t[j], t[i]];
      return t;
    }
    case "replace": {
      const d = donors[m.donor % donors.length];
      t[i] = d[m.token % d.length];
      return t;
    }
    case "number": {
      const nums = t.flatMap((tok, k) => (/^[0-9.]/.test(tok) ? [k] : []));
      const k = nums.length > 0 ? nums[m.at % nums.length] : i;
      t[k] = oddNumbers[m.value % oddNumbers.length];
      return t;
    }
    case "bytes": {
      const enc = new TextEncoder().encode(t[i]);
      const cut = enc.length === 0 ? 0 : m.at % (enc.length + 1);
      t[i] = utf8.decode(Uint8Array.from([...enc.subarray(0, cut), ...m.bytes, ...enc.subarray(cut)]));
      return t;
    }
    case "char":
      t.splice(i, 0, oddChars[m.char % oddChars.length].repeat(m.times));
      return t;
    case "nest": {
      const open = nestOpen[m.open % nestOpen.length];
      const close = m.closed ? (closing[open] ?? "1").repeat(m.depth) : "";
      t.splice(i, 0, open.repeat(m.depth) + "1" + close);
      return t;
    }
    case "long": {
      const kinds = ["x", " ", "# ", '"', "1", "a.", "relu\n", "fc: dense(1)\n", "[1, ", "\n"];
      const unit = kinds[m.kind % kinds.length];
      t.splice(i, 0, unit.repeat(Math.ceil(m.length / unit.length)));
      return t;
    }
    case "repeat": {
      // The whole line holding token i, `times` times over: the same layer name, constant or setting again and again.
      let from = i;
      while (from > 0 && !t[from - 1].includes("\n")) from--;
      let to = i;
      while (to < n - 1 && !t[to].includes("\n")) to++;
      const line = t.slice(from, to + 1).join("");
      // At most ~2 MB added per repeat: a 5000-deep nesting line repeated 9,000 times made an 88 MB spec,
      // which no campaign can afford (checking costs about 300 bytes of heap per character).
      const times = Math.max(1, Math.min(m.times, Math.floor(2_000_000 / Math.max(1, line.length))));
      t.splice(to + 1, 0, line.endsWith("\n") ? line.repeat(times) : ("\n" + line).repeat(times));
      return t;
    }
    case "size": {
      const nums = t.flatMap((tok, k) => (/^[0-9]/.test(tok) ? [k] : []));
      const k = nums.length > 0 ? nums[m.at % nums.length] : i;
      t[k] = hugeSizes[m.value % hugeSizes.length];
      return t;
    }
    case "splice": {
      const d = donors[m.donor % donors.length];
      const from = m.from % d.length;
      t.splice(i, 0, ...d.slice(from, from + m.length));
      return t;
    }
  }
}

export interface FuzzInput {
  readonly origin: string;
  readonly text: string;
}

/** Mutants of the example specs: one to five stacked mutations. */
export function mutantArb(examples: readonly [string, string][]): fc.Arbitrary<FuzzInput> {
  const donors = examples.map(([, text]) => roughTokens(text));
  return fc.tuple(fc.nat({ max: examples.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 5 })).map(([e, ms]) => {
    let tokens = donors[e];
    for (const m of ms) tokens = applyMutation(tokens, m, donors);
    return { origin: `mutant of ${examples[e][0]}: ${ms.map((m) => m.op).join(", ")}`, text: tokens.join("") };
  });
}

/** Unstructured inputs: arbitrary UTF-16 (including lone surrogates) and decoded random bytes. */
export const randomTextArb: fc.Arbitrary<FuzzInput> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }).map((text) => ({ origin: "random string", text })),
  fc.string({ unit: "grapheme-composite", maxLength: 300 }).map((text) => ({ origin: "random graphemes", text })),
  fc.uint8Array({ maxLength: 400 }).map((b) => ({ origin: "random bytes", text: utf8.decode(b) })),
);

/** The fuzzer's input mix: mostly mutants (they reach the checker and code generator), some noise. */
export function fuzzInputArb(examples: readonly [string, string][]): fc.Arbitrary<FuzzInput> {
  return fc.oneof({ arbitrary: mutantArb(examples), weight: 4 }, { arbitrary: randomTextArb, weight: 1 });
}
