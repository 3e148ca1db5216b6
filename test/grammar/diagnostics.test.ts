import { describe, expect, it } from "vitest";
import { parse, syntaxCodes, type Diagnostic } from "../../grammar/index.ts";

function diags(text: string): Diagnostic[] {
  return parse(text).diagnostics;
}
function summary(text: string): string[] {
  return diags(text).map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

describe("syntax errors", () => {
  it("reports each of three broken statements once, on its own line, and keeps the good ones", () => {
    const text = [
      "model {",
      "  relu ]",
      "  out: dense(10)",
      "}",
      'data { train = idx("a" "b") }',
      "train {",
      "  lr =",
      "}",
      "let ok = 1",
    ].join("\n");
    const { file, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.span.start.line)).toEqual([2, 5, 7]);
    expect(diagnostics.every((d) => d.code === "NN1003")).toBe(true);
    expect(file.statements.map((s) => s.kind)).toEqual(["BlockStatement", "BlockStatement", "BlockStatement", "LetStatement"]);
  });

  it("words messages plainly, naming what was expected and where", () => {
    expect(summary("model { relu ] }")).toEqual(["NN1003 1:14 expected a statement or `}` after `relu`, found `]`"]);
    expect(summary("model { fc1: dense(3 }")[0]).toContain("expected `)` to close the arguments of `dense`");
    expect(summary("x = ]")).toEqual(["NN1003 1:5 expected a value after `=`, found `]`"]);
    expect(summary("x = 1 }")).toEqual(["NN1003 1:7 unexpected `}` with no matching `{`"]);
    expect(summary("let = 3")[0]).toContain("expected a name after `let`");
  });

  it("accepts a layer named `block`, as a PyTorch module attribute may be, though `block` starts a definition", () => {
    const { file, diagnostics } = parse("model {\n  block: dense(3)\n}\nblock b(c) {\n  relu\n}\n");
    expect(diagnostics).toEqual([]);
    const model = file.statements[0];
    expect(model.kind === "BlockStatement" && model.body?.statements.map((s) => s.kind === "LayerStatement" && s.name.name)).toEqual([
      "block",
    ]);
    expect(file.statements[1].kind).toBe("BlockDefinition");
  });

  it("never shows parser-internal dumps", () => {
    const inputs = ["model {", "x = (1 + ", "a: (", "f(1 2 3)", "[[[", "let", "x = 1 for 2 for 3", ")))", "a.b.", "steps"];
    for (const text of inputs) {
      for (const d of diags(text)) {
        expect(d.message).not.toMatch(/Token|-->|<|\bEOF\b|Expecting|\[object/);
        expect(d.message.length).toBeGreaterThan(5);
      }
    }
  });

  it("points a missing token at the end of the line that needs it", () => {
    const [d] = diags("train {\n  lr =\n}\n");
    expect(d.span.start.line).toBe(2);
  });

  it("rejects a second `for` in one duration", () => {
    expect(summary("x = a for 2 for 3")).toEqual([expect.stringContaining("NN1003 1:13 expected `then` or the end of the expression")]);
  });
});

describe("lexical errors", () => {
  it("reports an unexpected character with its exact span", () => {
    const [d] = diags("a = 1 @ b = 2");
    expect(d.code).toBe("NN1001");
    expect(d.message).toBe("unexpected character `@`");
    expect(d.span).toEqual({ start: { offset: 6, line: 1, column: 7 }, end: { offset: 7, line: 1, column: 8 } });
  });

  it("spells out invisible characters", () => {
    expect(diags("a = 1 \u0000").find((d) => d.code === "NN1001")?.message).toBe("unexpected character `U+0000`");
  });

  it("reports an unterminated string once and still reads the rest of the file", () => {
    const { file, diagnostics } = parse('a = "abc\nb = 2');
    expect(diagnostics.map((d) => d.code)).toEqual(["NN1002"]);
    expect(file.statements).toHaveLength(2);
  });

  it("reports unknown escapes in strings", () => {
    const [d] = diags(String.raw`a = "x\qy"`);
    expect(d.code).toBe("NN1005");
    expect([d.span.start.column, d.span.end.column]).toEqual([7, 9]);
  });
});

describe("limits", () => {
  it("reports brackets nested too deeply at the offending bracket", () => {
    const text = "x = " + "(".repeat(150) + "1" + ")".repeat(150);
    const d = diags(text).filter((x) => x.code === "NN1004");
    expect(d).toHaveLength(1);
    expect(d[0].span.start.offset).toBe(4 + 100);
  });

  it("stops after a bounded number of errors with one closing note", () => {
    const ds = diags("x = ]\n".repeat(500));
    expect(ds.length).toBeLessThanOrEqual(101);
    expect(ds[ds.length - 1].code).toBe("NN1007");
  });

  it("describes every code in one place", () => {
    for (const [code, entry] of Object.entries(syntaxCodes)) {
      expect(entry.code).toBe(code);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});

describe("unclosed braces", () => {
  it("reports a `{` that is never closed at the brace, not at the end of the file", () => {
    const text = [
      'data { train = csv("d.csv", label = 2) }',
      "model {",
      "  input = [2]",
      "  out: dense(3)",
      "",
      "train {",
      "  epochs = 2",
      "}",
      "",
    ].join("\n");
    expect(summary(text)).toEqual(["NN1003 2:1 `model {` at 2:1 is never closed; add `}` where the block ends"]);
    const [d] = diags(text);
    expect([d.span.end.line, d.span.end.column]).toEqual([2, 8]);
  });

  it("names a layer's block by its head", () => {
    expect(summary("model {\n  fc1: dense(3) {\n    lr_mult = 2\n")).toEqual([
      "NN1003 1:1 `model {` at 1:1 is never closed; add `}` where the block ends",
      "NN1003 2:3 `fc1: dense(…) {` at 2:3 is never closed; add `}` where the block ends",
    ]);
  });

  it("says when a `#` comment swallowed the closing `}` of a one-line block", () => {
    const [d, ...rest] = diags("model { input = [2] }\ntrain { epochs = 2  # short run }\n");
    expect(rest).toEqual([]);
    expect(d.span.start.line).toBe(2);
    expect(d.span.start.column).toBe(1);
    expect(d.message).toBe(
      "`train {` at 2:1 is never closed; the `}` at 2:33 is inside the `#` comment that starts at 2:21, and a comment runs to the end of its line: put the `}` before the comment or on the next line",
    );
  });

  it("leaves an unclosed `(` to the parser's own message", () => {
    expect(summary("model { fc1: dense(3 ")[0]).toContain("expected `)` to close the arguments of `dense`");
  });
});
