import { describe, expect, it } from "vitest";
import { parse, type Expression, type File, type Statement } from "../../grammar/index.ts";
import { NnParser } from "../../grammar/parser.ts";
import { csvRegression, fashionMnist } from "./samples.ts";

/** The tree without spans, so shapes can be compared with hand-written objects. */
function shape(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === "span" ? undefined : v)));
}
function parseOk(text: string): File {
  const { file, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return file;
}
function valueOf(text: string): unknown {
  const s = parseOk(`x = ${text}`).statements[0] as Statement & { value: Expression };
  return shape(s.value);
}
const num = (raw: string) => ({ kind: "NumberLiteral", value: Number(raw), raw });
const ref = (...names: string[]) => ({ kind: "ReferenceExpression", path: names.map((name) => ({ kind: "Identifier", name })) });
const id = (name: string) => ({ kind: "Identifier", name });
const bin = (operator: string, left: unknown, right: unknown) => ({ kind: "BinaryExpression", operator, left, right });
const neg = (operand: unknown) => ({ kind: "UnaryExpression", operator: "-", operand });
const call = (name: string, args: unknown[], hasParens = true) => ({ kind: "CallExpression", callee: id(name), args, hasParens });
const arg = (value: unknown, name?: string) => (name ? { kind: "Argument", name: id(name), value } : { kind: "Argument", value });

describe("statements", () => {
  it("parses a let constant", () => {
    expect(shape(parseOk("let hidden = 256").statements)).toEqual([{ kind: "LetStatement", name: id("hidden"), value: num("256") }]);
  });

  it("parses a named layer with arguments and an override body", () => {
    expect(shape(parseOk("fc2: dense(128, bias = false) { lr_mult = 0.5 }").statements)).toEqual([
      {
        kind: "LayerStatement",
        name: id("fc2"),
        call: call("dense", [arg(num("128")), arg({ kind: "BooleanLiteral", value: false }, "bias")]),
        body: { kind: "Body", statements: [{ kind: "SettingStatement", key: id("lr_mult"), value: num("0.5") }] },
      },
    ]);
  });

  it("parses a bare name as a call without parentheses", () => {
    expect(shape(parseOk("relu").statements)).toEqual([{ kind: "BlockStatement", call: call("relu", [], false) }]);
  });

  it("parses an anonymous layer with arguments and a block with a body", () => {
    const [drop, model] = parseOk("dropout(0.2) model { relu }").statements;
    expect(shape(drop)).toEqual({ kind: "BlockStatement", call: call("dropout", [arg(num("0.2"))]) });
    expect(shape(model)).toEqual({
      kind: "BlockStatement",
      call: call("model", [], false),
      body: { kind: "Body", statements: [{ kind: "BlockStatement", call: call("relu", [], false) }] },
    });
  });

  it("accepts a unit keyword as a setting name", () => {
    const s = parseOk("epochs = 20 steps = 5").statements;
    expect(shape(s)).toEqual([
      { kind: "SettingStatement", key: id("epochs"), value: num("20") },
      { kind: "SettingStatement", key: id("steps"), value: num("5") },
    ]);
  });

  it("reads a unit followed by `=` as the start of the next statement", () => {
    const s = parseOk("evaluate_every = 2 epochs = 20").statements;
    expect(shape(s)).toEqual([
      { kind: "SettingStatement", key: id("evaluate_every"), value: num("2") },
      { kind: "SettingStatement", key: id("epochs"), value: num("20") },
    ]);
  });

  it("ignores `;` and `,` between statements and needs no newlines", () => {
    expect(parseOk("a = 1; b = 2, c = 3 d = 4").statements).toHaveLength(4);
  });

  it("parses the language documentation example and a second realistic file", () => {
    expect(parseOk(fashionMnist).statements.map((s) => s.kind)).toEqual([
      "LetStatement",
      "BlockStatement",
      "BlockStatement",
      "BlockStatement",
    ]);
    expect(parseOk(csvRegression).statements).toHaveLength(5);
  });

  it("keeps comments with their text and position", () => {
    const file = parseOk("# top\nx = 1  # trailing\n");
    expect(file.comments.map((c) => [c.text, c.span.start.line, c.span.start.column])).toEqual([
      ["# top", 1, 1],
      ["# trailing", 2, 8],
    ]);
  });
});

describe("expressions", () => {
  it("parses numbers in every written form and keeps the raw text", () => {
    expect(valueOf("[1, 0.5, .5, 1e-3, 2.5E+4]")).toEqual({
      kind: "ListExpression",
      items: [num("1"), num("0.5"), num(".5"), num("1e-3"), num("2.5E+4")],
    });
  });

  it("decodes string escapes", () => {
    expect(valueOf(String.raw`"a\"b\\c\nd\te"`)).toEqual({ kind: "StringLiteral", value: 'a"b\\c\nd\te' });
  });

  it("parses booleans, dotted references and empty lists with trailing commas", () => {
    expect(valueOf("[true, false, validation.loss, [], [1,],]")).toEqual({
      kind: "ListExpression",
      items: [
        { kind: "BooleanLiteral", value: true },
        { kind: "BooleanLiteral", value: false },
        ref("validation", "loss"),
        { kind: "ListExpression", items: [] },
        { kind: "ListExpression", items: [num("1")] },
      ],
    });
  });

  it("gives * and / precedence over + and -, all left-associative", () => {
    expect(valueOf("1 - 2 - 3 * 4 / 5")).toEqual(bin("-", bin("-", num("1"), num("2")), bin("/", bin("*", num("3"), num("4")), num("5"))));
  });

  it("makes ^ right-associative and tighter than unary minus", () => {
    expect(valueOf("-2 ^ 3 ^ 4")).toEqual(neg(bin("^", num("2"), bin("^", num("3"), num("4")))));
    expect(valueOf("a ^ -b ^ c")).toEqual(bin("^", ref("a"), neg(bin("^", ref("b"), ref("c")))));
    expect(valueOf("-a * b")).toEqual(bin("*", neg(ref("a")), ref("b")));
  });

  it("keeps explicit parentheses", () => {
    expect(valueOf("(1 + 2) * 3")).toEqual(bin("*", { kind: "ParenExpression", expression: bin("+", num("1"), num("2")) }, num("3")));
  });

  it("parses durations with the unit normalised to the plural", () => {
    expect(valueOf("[500 steps, 1 step, 2 epochs, 1 epoch]")).toEqual({
      kind: "ListExpression",
      items: [
        ["500", "steps"],
        ["1", "steps"],
        ["2", "epochs"],
        ["1", "epochs"],
      ].map(([n, unit]) => ({ kind: "DurationExpression", amount: num(n), unit })),
    });
  });

  it("parses `for` and `then` with `then` binding loosest", () => {
    expect(valueOf("exponential(0.95) for 10 epochs then constant()")).toEqual({
      kind: "SequenceExpression",
      items: [
        {
          kind: "ForExpression",
          value: call("exponential", [arg(num("0.95"))]),
          duration: { kind: "DurationExpression", amount: num("10"), unit: "epochs" },
        },
        call("constant", []),
      ],
    });
  });

  it("parses positional and named arguments, including a unit keyword as a name", () => {
    expect(valueOf("linear(1/3, to = 1, steps = 500,)")).toEqual(
      call("linear", [arg(bin("/", num("1"), num("3"))), arg(num("1"), "to"), arg(num("500"), "steps")]),
    );
  });
});

describe("spans", () => {
  it("gives exact 1-based lines and columns, 0-based offsets, end exclusive", () => {
    const file = parseOk("model {\n  fc1: dense(256)\n}\n");
    const model = file.statements[0];
    expect(model.span).toEqual({ start: { offset: 0, line: 1, column: 1 }, end: { offset: 27, line: 3, column: 2 } });
    const layer = model.kind === "BlockStatement" ? model.body!.statements[0] : undefined;
    expect(layer?.span).toEqual({ start: { offset: 10, line: 2, column: 3 }, end: { offset: 25, line: 2, column: 18 } });
    if (layer?.kind !== "LayerStatement") throw new Error("expected a layer");
    expect(layer.call.callee.span).toEqual({ start: { offset: 15, line: 2, column: 8 }, end: { offset: 20, line: 2, column: 13 } });
    expect(layer.call.args[0].span).toEqual({ start: { offset: 21, line: 2, column: 14 }, end: { offset: 24, line: 2, column: 17 } });
  });

  it("spans a binary expression from its left operand to its right one", () => {
    const s = parseOk("x = 1 + 2 * 3").statements[0];
    if (s.kind !== "SettingStatement") throw new Error("expected a setting");
    expect([s.value.span.start.offset, s.value.span.end.offset]).toEqual([4, 13]);
  });

  it("counts columns after a CRLF line break", () => {
    const s = parseOk("a = 1\r\nbb = 2").statements[1];
    expect(s.span.start).toEqual({ offset: 7, line: 2, column: 1 });
  });
});

describe("the grammar", () => {
  // The shared parser skips Chevrotain's grammar checks at start-up; this is where they run.
  it("passes Chevrotain's checks of the grammar itself", () => {
    expect(() => new NnParser({ validate: true })).not.toThrow();
  });
});
