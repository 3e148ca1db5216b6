/**
 * The TextMate grammar of the VS Code extension, run by the same engine VS Code uses (vscode-textmate
 * with the Oniguruma regex library) on sample specs: keywords, numbers, comments, strings and names get
 * the scopes themes colour.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { DEMO } from "../lsp/fixture.ts";

const root = resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(require.resolve("vscode-oniguruma"), "../onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === "source.nn"
        ? vsctm.parseRawGrammar(readFileSync(join(root, "editors/vscode/syntaxes/nn.tmLanguage.json"), "utf8"), "nn.tmLanguage.json")
        : null,
  });
  grammar = (await registry.loadGrammar("source.nn"))!;
});

/** Every token of `text` as [its text, its innermost scope, all scopes]. */
function tokens(text: string): { text: string; scope: string; scopes: string[] }[] {
  const out: { text: string; scope: string; scopes: string[] }[] = [];
  let state = vsctm.INITIAL;
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens)
      out.push({ text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1], scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(text: string, word: string, nth = 0): string {
  const found = tokens(text).filter((t) => t.text.trim() === word);
  if (found[nth] === undefined) throw new Error(`no token ${word}`);
  return found[nth].scope;
}

describe("the TextMate grammar", () => {
  const xor = readFileSync(join(root, "examples/xor.nn"), "utf8");
  const fashion = readFileSync(join(root, "examples/fashion-mlp.nn"), "utf8");

  it("scopes comments to the end of the line", () => {
    const first = tokens(xor).filter((t) => t.scopes.includes("comment.line.number-sign.nn"));
    expect(first.map((t) => t.text).join("")).toContain("# XOR: the classic problem");
  });

  it("scopes numbers, including exponents and leading dots", () => {
    const text = "train {\n  optimizer = adam(lr = 1e-3, eps = .5)\n  steps = 500\n}\n";
    expect(scopeOf(text, "1e-3")).toBe("constant.numeric.nn");
    expect(scopeOf(text, ".5")).toBe("constant.numeric.nn");
    expect(scopeOf(text, "500")).toBe("constant.numeric.nn");
  });

  it("scopes keywords: let, then, for, booleans and duration units", () => {
    const text =
      "let hidden = 256\ntrain {\n  schedule { lr = linear(0.1, 1, 500 steps) then exponential(0.9) for 2 epochs }\n  shuffle = true\n}\n";
    expect(scopeOf(text, "let")).toBe("storage.type.let.nn");
    expect(scopeOf(text, "then")).toBe("keyword.control.nn");
    expect(scopeOf(text, "for")).toBe("keyword.control.nn");
    expect(scopeOf(text, "steps")).toBe("keyword.other.unit.nn");
    expect(scopeOf(text, "true")).toBe("constant.language.boolean.nn");
  });

  it("scopes names by role: blocks, constants, layer names, setting keys, calls and argument names", () => {
    expect(scopeOf(fashion, "model")).toBe("entity.name.section.nn");
    expect(scopeOf(DEMO, "hidden")).toBe("variable.other.constant.nn");
    expect(scopeOf(DEMO, "hidden", 1)).toBe("variable.other.nn");
    expect(scopeOf(fashion, "fc1")).toBe("entity.name.type.layer.nn");
    expect(scopeOf(fashion, "batch_size")).toBe("variable.other.property.nn");
    expect(scopeOf(fashion, "adamw")).toBe("entity.name.function.nn");
    expect(scopeOf(fashion, "weight_decay")).toBe("variable.parameter.nn");
  });

  it("scopes strings with their escapes, and a unit used as a setting key as a key", () => {
    const text = 'data {\n  train = csv("a\\"b.csv", label = 2)\n}\ntrain {\n  epochs = 3\n}\n';
    expect(tokens(text).find((t) => t.text === '\\"')?.scope).toBe("constant.character.escape.nn");
    expect(scopeOf(text, "epochs")).toBe("variable.other.property.nn");
  });
});
