import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSource, parse, print, type Diagnostic } from "../../grammar/index.ts";
import { fashionMnist } from "./samples.ts";

function spansInside(text: string, diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every(
    (d) =>
      d.span.start.offset >= 0 &&
      d.span.start.offset <= d.span.end.offset &&
      d.span.end.offset <= text.length &&
      d.span.start.line >= 1 &&
      d.span.start.column >= 1 &&
      d.span.end.line >= d.span.start.line,
  );
}

/** Checks what must hold for any input: no throw, spans inside the text, and a stable print when clean. */
function checkAnyInput(text: string): void {
  const { file, diagnostics } = parse(text);
  expect(spansInside(text, diagnostics)).toBe(true);
  if (diagnostics.length === 0) {
    const once = print(file);
    const again = formatSource(once);
    expect(again.diagnostics).toEqual([]);
    expect(again.output).toBe(once);
  }
}

const tokenTexts = [
  "model",
  "data",
  "train",
  "relu",
  "dense",
  "x",
  "validation",
  "loss",
  "let",
  "block",
  "then",
  "for",
  "true",
  "false",
  "step",
  "steps",
  "epoch",
  "epochs",
  "0",
  "1.5",
  ".5",
  "1e-3",
  "2.5E+4",
  '"s"',
  '"a\\"b"',
  '"open',
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ";",
  ":",
  "=",
  ".",
  "+",
  "-",
  "*",
  "/",
  "^",
  "# note\n",
  "@",
  "\u0000",
  "\ud800",
];
const separators = [" ", "\n", "", "\r\n", "\t"];
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...tokenTexts), fc.constantFrom(...separators)), { maxLength: 80 })
  .map((parts) => parts.map(([tok, sep]) => tok + sep).join(""));

/** Statements that are syntactically valid, so the printer is exercised on clean files too. */
const validStatement = fc.constantFrom(
  "let a = 1",
  "x = -a ^ -b * (c - d) / 2",
  "fc1: dense(3, bias = false) { lr_mult = 0.5 }",
  "relu",
  "lr = linear(0.1, 1, 500 steps) then cosine(19 epochs, min = 1e-5)",
  "epochs = 20",
  's = "a\\tb"',
  "m = [loss, accuracy, top_k(5)]",
  "e = exponential(0.9) for 10 epochs then constant()",
  "# comment\n",
  "v = validation.loss",
  "n = [[1, 2], [], [3,]]",
  "w = (1 + 2) steps",
  "block basic(c, stride = 1) {\n  residual { conv1: conv2d(c, 3, stride = stride) }\n  relu\n}",
  "layer1: repeat(3, basic(16), first = basic(32, stride = 2))",
  "concat { b1: branch { relu } branch { } }",
);
const validFile = fc
  .array(fc.tuple(validStatement, fc.constantFrom(" ", "\n", "\n\n\n", "; ", " # c\n"), fc.boolean()), { maxLength: 12 })
  .map((parts) => parts.map(([s, sep, wrap]) => (wrap ? `section { ${s}\n}` : s) + sep).join(""));

describe("robustness", () => {
  it("never throws on arbitrary strings, and every span lies inside the input", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), checkAnyInput), { numRuns: 300 });
  });

  it("never throws on soups of the language's own tokens", () => {
    fc.assert(fc.property(tokenSoup, checkAnyInput), { numRuns: 400 });
  });

  it("prints clean files idempotently", () => {
    fc.assert(
      fc.property(validFile, (text) => {
        const { diagnostics } = parse(text);
        expect(diagnostics).toEqual([]);
        checkAnyInput(text);
      }),
      { numRuns: 200 },
    );
  });

  it("survives truncation of a real file at every position", () => {
    for (let i = 0; i <= fashionMnist.length; i += 7) checkAnyInput(fashionMnist.slice(0, i));
  });

  it("reports 100 000 nested brackets of each kind instead of overflowing", () => {
    for (const open of ["(", "[", "{"]) {
      const text = "x = " + open.repeat(100_000);
      const { diagnostics } = parse(text);
      expect(diagnostics.some((d) => d.code === "NN1004")).toBe(true);
      expect(spansInside(text, diagnostics)).toBe(true);
    }
  });

  it("reports runs of 100 000 operators instead of overflowing", () => {
    for (const text of ["x = " + "-".repeat(100_000) + "1", "x = " + "2 ^ ".repeat(100_000) + "1", "x = " + "1 + ".repeat(100_000) + "1"]) {
      expect(parse(text).diagnostics.map((d) => d.code)).toContain("NN1004");
    }
  });

  it("parses a 10 MB file", () => {
    const text = fashionMnist.repeat(Math.ceil(10_000_000 / fashionMnist.length));
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.statements.length).toBe(4 * Math.ceil(10_000_000 / fashionMnist.length));
  });

  it("reports a bounded number of problems for 10 MB of garbage", () => {
    let seed = 12345;
    const chars: string[] = [];
    const alphabet = '{}()[],;:=.+-*/^ \n"#@abc19';
    for (let i = 0; i < 2_000_000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      chars.push(alphabet[(seed >>> 16) % alphabet.length]);
    }
    const text = chars.join("").repeat(5);
    const { diagnostics } = parse(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.length).toBeLessThanOrEqual(101);
    expect(spansInside(text, diagnostics)).toBe(true);
  });
});

describe("long files", () => {
  // Issue 15, item 1b: the statements of a chunk were appended with push(...spread), one argument each.
  it("parses 300,000 top-level statements (2 MB) without overflowing the stack", () => {
    const text = "let a = 1\n".repeat(200_000) + "x = 1\n".repeat(100_000);
    const { file, diagnostics } = parse(text);
    expect(file.statements).toHaveLength(300_000);
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it("reports a never-closed `{` after 300,000 lexing errors without overflowing the stack", () => {
    const text = "model {\n" + "@ ".repeat(300_000) + "\n";
    const { diagnostics } = parse(text);
    expect(diagnostics.some((d) => d.code === "NN1003" && d.message.startsWith("`model {` at 1:1 is never closed"))).toBe(true);
    expect(diagnostics.length).toBeLessThanOrEqual(101);
  }, 120_000);
});
