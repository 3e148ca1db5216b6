/**
 * The language server inside graph models, as an editor sees it (the real server over stdio): inlay hints
 * per block instance and per layer of a block definition, hover of blocks and parameters, go to definition,
 * rename of blocks, parameters and a block's layers, the outline and completion.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionItem, DocumentSymbol, Hover, InlayHint, Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { nnc } from "../cli/run.ts";
import type { Summary, SummaryModule } from "../../compiler/index.ts";
import { resnet50Spec } from "../fixtures/resnet50.ts";
import { pos, scratchDir } from "./fixture.ts";
import { startClient, type TestClient } from "./client.ts";

const SPEC = `let c = 8
# A ResNet basic block: two 3×3 convolutions
# and a shortcut.
block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
model {
  input = [4, 8, 8]
  stem: conv2d(c, 3, padding = 1)
  layer1: repeat(2, basic(4), first = basic(4, stride = 2))
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam()
  steps = 10
}
`;

let client: TestClient;
let dir: string;
let uri: string;

beforeAll(async () => {
  client = await startClient();
  dir = scratchDir();
  uri = pathToFileURL(join(dir, "graph.nn")).href;
  const published = await client.open(uri, SPEC);
  expect(published.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
});
afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (needle: string, delta = 0, nth = 0) => ({ textDocument: { uri }, position: pos(SPEC, needle, delta, nth) });
const hoverText = async (needle: string, delta = 0, nth = 0): Promise<string> =>
  ((await client.request<Hover>("textDocument/hover", at(needle, delta, nth))).contents as { value: string }).value;
const endOfLine = (needle: string) => {
  const p = pos(SPEC, needle);
  return { line: p.line, character: SPEC.split("\n")[p.line].length };
};

async function renamed(needle: string, delta: number, newName: string): Promise<{ text: string; edits: number }> {
  const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...at(needle, delta), newName });
  const edits = edit.changes![uri] as TextEdit[];
  return { text: TextDocument.applyEdits(TextDocument.create(uri, "nn", 1, SPEC), edits), edits: edits.length };
}

async function completionLabels(text: string, needle: string, delta: number): Promise<string[]> {
  const u = pathToFileURL(join(dir, `completion-${Date.now()}.nn`)).href;
  await client.open(u, text);
  const r = await client.request<CompletionItem[]>("textDocument/completion", {
    textDocument: { uri: u },
    position: pos(text, needle, delta),
  });
  return r.map((i) => i.label);
}

describe("inlay hints in graph models", () => {
  it("give a block instance its whole output and parameters, and a block's layer its shape in every instance", async () => {
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const labelAt = (p: { line: number; character: number }) =>
      hints.filter((h) => h.position.line === p.line && h.position.character === p.character).map((h) => String(h.label));
    // layer1.0 (8 → 4 channels, stride 2): conv1 8·4·9 = 288, bn1 8, conv2 4·4·9 = 144, bn2 8, downsample 8·4 + 8 = 40: 488;
    // layer1.1: 144 + 8 + 144 + 8 = 304.
    expect(labelAt(endOfLine("layer1: repeat"))).toEqual(["→ [4, 4, 4] · 792 params"]);
    expect(labelAt(endOfLine("conv1: conv2d"))).toEqual(["→ [4, 4, 4] · 288 / 144 params (2 instances)"]);
    expect(labelAt(endOfLine("conv2: conv2d"))).toEqual(["→ [4, 4, 4] · 144 params"]);
    // A residual's hint stands before its `{`, for its branch, projection and sum together.
    expect(labelAt(pos(SPEC, "residual {", "residual".length))).toEqual(["→ [4, 4, 4] · 488 / 304 params (2 instances)"]);
    expect(labelAt(endOfLine("stem: conv2d"))).toEqual(["→ [8, 8, 8] · 296 params"]);
  });
});

describe("inlay hints while another block has errors", () => {
  it("still give block instances and block layers their shapes", async () => {
    const u = pathToFileURL(join(dir, "typo.nn")).href;
    const text = SPEC.replace("adam()", "adma()");
    const published = await client.open(u, text);
    expect(published.diagnostics.map((d) => d.code)).toContain("NN2002");
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const labels = (needle: string) => hints.filter((h) => h.position.line === pos(text, needle).line).map((h) => String(h.label));
    expect(labels("layer1: repeat")).toEqual(["→ [4, 4, 4] · 792 params"]);
    expect(labels("residual {")).toEqual(["→ [4, 4, 4] · 488 / 304 params (2 instances)"]);
  });
});

describe("hover in graph models", () => {
  it("shows a called block's signature, its doc comment and its instances", async () => {
    const text = await hoverText("basic(4)", 2);
    expect(text).toContain("block basic(c, stride = 1)");
    expect(text).toContain("A ResNet basic block: two 3×3 convolutions\nand a shortcut.");
    expect(text).toContain("`layer1.0` (c = 4, stride = 2) → [4, 4, 4] · 488 params");
    expect(text).toContain("`layer1.1` (c = 4, stride = 1) → [4, 4, 4] · 304 params");
  });

  it("shows a parameter where the block's body uses it, with the values the model gives it", async () => {
    const text = await hoverText("stride = stride", "stride = ".length + 1);
    expect(text).toContain("parameter `stride` of block `basic` (default `1`)");
    expect(text).toContain("`2`, `1`");
  });

  it("gives a repetition's name its whole output and parameters", async () => {
    expect(await hoverText("layer1: repeat", 1)).toContain("repeat `layer1`: output [4, 4, 4], 792 parameters");
  });

  it("explains the structural words", async () => {
    expect(await hoverText("residual {", 1)).toContain("residual(shortcut = auto, zero_init = false)");
    expect(await hoverText("repeat(2", 1)).toContain("`first` replaces the first copy");
  });

  it("says when a block's layer has no instance because the model does not use the block", async () => {
    const u = pathToFileURL(join(dir, "unused.nn")).href;
    const text = SPEC.replace("layer1: repeat(2, basic(4), first = basic(4, stride = 2))", "");
    await client.open(u, text);
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: u }, position: pos(text, "conv1: conv2d", 1) });
    expect((h.contents as { value: string }).value).toContain("layer `conv1` of block `basic`, which the model does not use");
  });

  it("lists a block's layer in every instance", async () => {
    const text = await hoverText("conv1: conv2d", 1);
    expect(text).toContain("layer `conv1` of block `basic`, 2 instances:");
    expect(text).toContain("`layer1.0.conv1` → [4, 4, 4] · 288 params");
  });
});

describe("definition and rename in graph models", () => {
  it("goes from a block call, inside repeat too, to the block, and from a parameter's use to the parameter", async () => {
    const toBlock = await client.request<Location>("textDocument/definition", at("basic(4, stride", 1));
    expect(toBlock.range.start).toEqual(pos(SPEC, "basic(c"));
    const toParam = await client.request<Location>("textDocument/definition", at("conv2d(c,", 7));
    expect(toParam.range.start).toEqual(pos(SPEC, "c, stride = 1"));
    // Outside the block `c` is the constant the parameter shadows inside it.
    const toConstant = await client.request<Location>("textDocument/definition", at("stem: conv2d(c", 13));
    expect(toConstant.range.start).toEqual(pos(SPEC, "c = 8"));
  });

  it("renames a block at its definition and every call", async () => {
    const { text, edits } = await renamed("block basic", 7, "resblock");
    expect(edits).toBe(3);
    expect(text).toContain("block resblock(c, stride = 1)");
    expect(text).toContain("layer1: repeat(2, resblock(4), first = resblock(4, stride = 2))");
  });

  it("renames a parameter in its block and in calls' argument names, not a layer's argument of the same name or the shadowed constant", async () => {
    const { text } = await renamed("stride = 1", 1, "hop");
    expect(text).toContain("block basic(c, hop = 1)");
    expect(text).toContain("conv1: conv2d(c, 3, stride = hop, padding = 1, bias = false)");
    expect(text).toContain("first = basic(4, hop = 2)");
    const width = await renamed("c, stride = 1", 0, "width");
    expect(width.edits).toBe(3);
    expect(width.text).toContain("let c = 8");
    expect(width.text).toContain("stem: conv2d(c, 3");
    expect(width.text).toContain("conv2: conv2d(width, 3");
  });

  it("renames a layer named inside a block within the block, and refuses a name the block already uses or a layer kind", async () => {
    const { text, edits } = await renamed("conv1: conv2d", 0, "first_conv");
    expect(edits).toBe(1);
    expect(text).toContain("first_conv: conv2d(c, 3, stride = stride");
    await expect(client.request("textDocument/rename", { ...at("conv2: conv2d"), newName: "conv1" })).rejects.toThrow(
      /a layer named `conv1` already exists in block `basic`/,
    );
    await expect(client.request("textDocument/rename", { ...at("block basic", 7), newName: "dense" })).rejects.toThrow(
      /a block needs a name/,
    );
  });
});

describe("outline and completion in graph models", () => {
  it("outlines a block definition as a class with its layers, and nests the model's statements", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    const block = symbols.find((s) => s.name === "basic")!;
    expect(block.detail).toBe("block(c, stride)");
    expect(block.children!.map((c) => c.name)).toEqual(["residual", "relu"]);
    expect(block.children![0].children!.map((c) => c.name)).toEqual(["conv1", "bn1", "relu", "conv2", "bn2"]);
    const model = symbols.find((s) => s.name === "model")!;
    expect(model.children!.find((c) => c.name === "layer1")?.detail).toBe("repeat → [4, 4, 4] · 792 params");
  });

  it("offers blocks and the structural words where a layer can stand and inside repeat(", async () => {
    const statement = await completionLabels(SPEC.replace("  flatten\n", "  \n  flatten\n"), "  \n  flatten", 2);
    expect(statement).toEqual(expect.arrayContaining(["basic", "residual", "add", "concat", "repeat", "dense"]));
    const inRepeat = await completionLabels(SPEC.replace("repeat(2, basic(4)", "repeat(2, "), "repeat(2, ", 10);
    expect(inRepeat).toContain("basic");
    const inBody = await completionLabels(SPEC.replace("    relu\n    conv2", "    \n    conv2"), "    \n    conv2", 4);
    expect(inBody).toEqual(expect.arrayContaining(["conv2d", "basic", "add"]));
    expect(inBody).not.toContain("input");
  });

  it("offers a block's parameters in its argument list and as values in its body", async () => {
    const args = await completionLabels(SPEC.replace("first = basic(4, stride = 2)", "first = basic(4, "), "first = basic(4, ", 17);
    expect(args).toContain("stride");
    const values = await completionLabels(SPEC.replace("padding = 1, bias = false)\n    bn2", "padding = \n    bn2"), "padding = \n", 10);
    expect(values).toEqual(expect.arrayContaining(["c", "stride"]));
  });
});

describe("semantic tokens in graph models", () => {
  it("mark a block, at its definition and its calls, as a class and its parameters as parameters", async () => {
    const r = await client.request<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri } });
    const types = new Map<string, number>();
    for (let i = 0, line = 0, character = 0; i < r.data.length; i += 5) {
      line += r.data[i];
      character = r.data[i] === 0 ? character + r.data[i + 1] : r.data[i + 1];
      types.set(`${line}:${character}`, r.data[i + 3]);
    }
    const typeAt = (needle: string, delta = 0) => {
      const p = pos(SPEC, needle, delta);
      return types.get(`${p.line}:${p.character}`);
    };
    // The legend: namespace, property, function, parameter, variable, class, enumMember.
    expect(typeAt("basic(c")).toBe(5);
    expect(typeAt("basic(4)")).toBe(5);
    expect(typeAt("c, stride = 1")).toBe(3);
    expect(typeAt("stride = stride", "stride = ".length)).toBe(3);
    expect(typeAt("stride = 2")).toBe(3);
  });
});

describe("a ResNet-50-like network", () => {
  it("is checked after an edit, its stages' hints agreeing with nnc check's module rows", async () => {
    const file = join(dir, "resnet50.nn");
    writeFileSync(file, resnet50Spec());
    const u = pathToFileURL(file).href;
    await client.open(u, resnet50Spec());
    const edited = resnet50Spec("0.2");
    const published = await client.change(u, edited, 2);
    expect(published.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
    });
    const summary = (JSON.parse(nnc(["check", "--json", "--no-data", file]).stdout) as { files: { summary: Summary }[] }).files[0].summary;
    for (const stage of summary.tree.filter((n): n is SummaryModule => "name" in n)) {
      const line = pos(edited, `${stage.name}: repeat`).line;
      const expected = `→ [${stage.outputShape.join(", ")}] · ${stage.parameters.toLocaleString("en-US")} params`;
      expect(hints.filter((h) => h.position.line === line).map((h) => String(h.label))).toEqual([expected]);
    }
  }, 60_000);
});
