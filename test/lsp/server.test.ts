/**
 * The language server as an editor sees it: a child process (`node bin/nnc.js lsp --stdio`) spoken to in
 * JSON-RPC over stdio. Each test asserts concrete results: ranges, labels, hover text, edits.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, CompletionItem, Hover, InlayHint, Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { DEMO, pos, scratchDir } from "./fixture.ts";
import { fileUri, startClient, type TestClient } from "./client.ts";

const root = resolve(import.meta.dirname, "../..");
let client: TestClient;
let dir: string;
let uri: string;

beforeAll(async () => {
  client = await startClient();
  dir = scratchDir();
  uri = pathToFileURL(join(dir, "demo.nn")).href;
  await client.open(uri, DEMO);
});
afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "nn", 1, text), edits);
}

async function completionLabels(text: string, at: { line: number; character: number }, docUri: string): Promise<CompletionItem[]> {
  await client.change(docUri, text, Date.now() % 1e9);
  const r = await client.request<CompletionItem[] | { items: CompletionItem[] }>("textDocument/completion", {
    textDocument: { uri: docUri },
    position: at,
  });
  return Array.isArray(r) ? r : r.items;
}

describe("diagnostics", () => {
  it("publishes an unknown optimizer with its exact range, code and suggestion, and clears it after the fix", async () => {
    const u = pathToFileURL(join(dir, "typo.nn")).href;
    const broken = DEMO.replace("adam(lr", "adma(lr");
    const first = await client.open(u, broken);
    const d = first.diagnostics.find((x) => x.code === "NN2002");
    expect(d?.range).toEqual({ start: pos(broken, "adma"), end: pos(broken, "adma", 4) });
    expect(d?.message).toContain("did you mean `adam`");
    const fixed = await client.change(u, DEMO, 2);
    expect(fixed.diagnostics.filter((x) => x.severity === 1)).toEqual([]);
  });

  it("reports several syntax errors in one file", async () => {
    const u = pathToFileURL(join(dir, "syntax.nn")).href;
    const broken = DEMO.replace("input = [2]", "input = [2").replace("steps = 20", "steps = = 20");
    const { diagnostics } = await client.open(u, broken);
    expect(diagnostics.filter((x) => String(x.code).startsWith("NN1")).length).toBeGreaterThanOrEqual(2);
  });

  it("reports the lints as warnings on the values they are about", async () => {
    const u = pathToFileURL(join(dir, "lints.nn")).href;
    const { diagnostics } = await client.open(u, DEMO);
    const xavier = diagnostics.find((x) => x.code === "NN5003");
    expect(xavier?.severity).toBe(2);
    expect(xavier?.range.start).toEqual(pos(DEMO, "xavier_uniform()"));
    expect(diagnostics.find((x) => x.code === "NN5007")?.range.start).toEqual(pos(DEMO, "l2(1e-4)"));
  });
});

describe("completion", () => {
  const u = (): string => pathToFileURL(join(dir, "complete.nn")).href;
  beforeAll(async () => {
    await client.open(u(), DEMO);
  });

  it("offers the optimizer's hyperparameters with type, default and range inside adam(", async () => {
    const text = DEMO.replace("adam(lr = 1e-3)", "adam()");
    const items = await completionLabels(text, pos(text, "adam(", 5), u());
    const lr = items.find((i) => i.label === "lr");
    expect(lr?.detail).toBe("number = 0.001, in (0, ∞)");
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["betas", "eps", "weight_decay", "amsgrad"]));
  });

  it("does not offer an argument already written", async () => {
    const text = DEMO.replace("adam(lr = 1e-3)", "adam(lr = 1e-3, )");
    const items = await completionLabels(text, pos(text, "1e-3, ", 6), u());
    expect(items.map((i) => i.label)).not.toContain("lr");
    expect(items.map((i) => i.label)).toContain("betas");
  });

  it("offers optimizers, not initializers, after optimizer =", async () => {
    const text = DEMO.replace("optimizer = adam(lr = 1e-3)", "optimizer = ");
    const labels = (await completionLabels(text, pos(text, "optimizer = ", 12), u())).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["sgd", "adam", "adamw", "rmsprop", "lbfgs"]));
    expect(labels).not.toContain("he_normal");
  });

  it("offers initializers after weight_init = and layer kinds where a layer may start", async () => {
    const text = DEMO.replace("weight_init = xavier_uniform()", "weight_init = ");
    const inits = (await completionLabels(text, pos(text, "weight_init = ", 14), u())).map((i) => i.label);
    expect(inits).toEqual(expect.arrayContaining(["he_normal", "xavier_uniform", "zeros", "orthogonal"]));
    expect(inits).not.toContain("adam");
    const text2 = DEMO.replace("  relu\n", "  \n");
    const atLayer = (await completionLabels(text2, pos(text2, "fc1: dense(hidden)\n", 19, 0), u())).map((i) => i.label);
    expect(atLayer).toEqual(expect.arrayContaining(["dense", "dropout", "batchnorm", "relu", "tanh", "input", "loss"]));
    expect(atLayer).not.toContain("optimizer");
  });

  it("offers schedules after then, and declared layer names inside layers = [", async () => {
    const text = DEMO.replace("  steps = 20\n", "  steps = 20\n  schedule { lr = linear(0.1, 1, 5 steps) then  }\n");
    const sched = (await completionLabels(text, pos(text, "then ", 5), u())).map((i) => i.label);
    expect(sched).toEqual(expect.arrayContaining(["cosine", "exponential", "constant"]));
    const text2 = DEMO.replace("l2(1e-4)", "l2(1e-4, layers = [])");
    const layers = (await completionLabels(text2, pos(text2, "layers = [", 10), u())).map((i) => i.label);
    expect(layers).toEqual(["fc1", "out"]);
  });

  it("offers declared constants where a number is expected", async () => {
    const text = DEMO.replace("dense(hidden)", "dense()");
    const items = await completionLabels(text, pos(text, "fc1: dense(", 11), u());
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["units", "bias", "hidden"]));
  });
});

describe("hover", () => {
  it("shows Adam's update rule with bias correction, its defaults and advice", async () => {
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(DEMO, "adam(", 2) });
    const value = (h.contents as { value: string }).value;
    expect(value).toContain("m̂/(√v̂ + ε)");
    expect(value).toContain("m̂ = m/(1 − β1ᵗ)");
    expect(value).toContain("lr = 0.001");
    expect(h.range).toEqual({ start: pos(DEMO, "adam("), end: pos(DEMO, "adam(", 4) });
  });

  it("shows a layer's output shape and parameter count on its name", async () => {
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(DEMO, "fc1:", 1) });
    const value = (h.contents as { value: string }).value;
    // input [2] → dense(8): 2·8 weights + 8 biases
    expect(value).toContain("output [8]");
    expect(value).toContain("24 parameters");
  });

  it("shows a hyperparameter's type, default and range on an argument name", async () => {
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(DEMO, "lr = 1e-3", 0) });
    expect((h.contents as { value: string }).value).toContain("(0, ∞)");
  });
});

describe("inlay hints", () => {
  it("match the shapes and parameter counts of nnc check's table", async () => {
    const spec = "examples/fashion-mlp.nn";
    const text = readFileSync(join(root, spec), "utf8");
    const u = fileUri(spec);
    await client.open(u, text);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: text.split("\n").length, character: 0 } },
    });
    const json = JSON.parse(execFileSync(process.execPath, ["bin/nnc.js", "check", "--json", spec], { cwd: root, encoding: "utf8" })) as {
      files: { summary: { rows: { outputShape: number[]; parameters: number }[]; parameters: number } }[];
    };
    const summary = json.files[0].summary;
    const layerHints = hints.filter((h) => String(h.label).startsWith("→"));
    expect(layerHints.map((h) => String(h.label))).toEqual(
      summary.rows.map(
        (r) => `→ [${r.outputShape.join(", ")}]` + (r.parameters > 0 ? ` · ${r.parameters.toLocaleString("en-US")} params` : ""),
      ),
    );
    expect(hints.map((h) => String(h.label))).toContain(`${summary.parameters.toLocaleString("en-US")} params`);
    // The first hint sits at the end of the `fc1: dense(512)` line.
    expect(layerHints[0].position).toEqual(pos(text, "fc1: dense(512)", "fc1: dense(512)".length));
  });
});

describe("definition, references and rename", () => {
  it("goes from a constant's use to its declaration", async () => {
    const loc = await client.request<Location>("textDocument/definition", {
      textDocument: { uri },
      position: pos(DEMO, "dense(hidden)", 7),
    });
    expect(loc.range).toEqual({ start: pos(DEMO, "hidden"), end: pos(DEMO, "hidden", 6) });
  });

  it("finds the references of a data set, including validation.loss", async () => {
    const refs = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: pos(DEMO, "validation ="),
      context: { includeDeclaration: true },
    });
    expect(refs.map((r) => r.range.start)).toEqual([pos(DEMO, "validation ="), pos(DEMO, "validation.loss")]);
  });

  it("renames a constant everywhere and refuses to rename a data set", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: pos(DEMO, "hidden", 2),
      newName: "width",
    });
    const renamed = apply(DEMO, edit.changes![uri]);
    expect(renamed).toContain("let width = 8");
    expect(renamed).toContain("fc1: dense(width)");
    await expect(
      client.request("textDocument/rename", { textDocument: { uri }, position: pos(DEMO, "train ="), newName: "x" }),
    ).rejects.toThrow(/cannot be renamed/);
  });

  it("renames a layer and its use in layers = [...]", async () => {
    const u = pathToFileURL(join(dir, "rename-layer.nn")).href;
    const text = DEMO.replace("l2(1e-4)", "l2(1e-4, layers = [fc1])");
    await client.open(u, text);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: u },
      position: pos(text, "fc1:"),
      newName: "hidden1",
    });
    const renamed = apply(text, edit.changes![u]);
    expect(renamed).toContain("hidden1: dense(hidden)");
    expect(renamed).toContain("layers = [hidden1]");
  });
});

describe("formatting", () => {
  it("rewrites the document in the printer's canonical form", async () => {
    const u = pathToFileURL(join(dir, "messy.nn")).href;
    const messy = "model{input=[2]\n      fc1 : dense( 4 )   # hidden\n loss=mse()}\n";
    await client.open(u, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri: u },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(apply(messy, edits)).toBe("model {\n  input = [2]\n  fc1: dense(4)  # hidden\n  loss = mse()\n}\n");
  });

  it("formats only the lines of the requested range", async () => {
    const u = pathToFileURL(join(dir, "messy-range.nn")).href;
    const messy = "let a=1\nlet b=2\nlet c=3\n";
    await client.open(u, messy);
    const edits = await client.request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: u },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(apply(messy, edits)).toBe("let a=1\nlet b = 2\nlet c=3\n");
  });
});

describe("code actions", () => {
  async function actionsAt(docUri: string, text: string, start: { line: number; character: number }): Promise<CodeAction[]> {
    return client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: docUri },
      range: { start, end: start },
      context: { diagnostics: [] },
    });
  }

  it("replaces Xavier with He init before a ReLU", async () => {
    const actions = await actionsAt(uri, DEMO, pos(DEMO, "xavier_uniform", 3));
    const fix = actions.find((a) => a.diagnostics?.[0].code === "NN5003");
    expect(apply(DEMO, fix!.edit!.changes![uri])).toContain("weight_init = he_uniform()");
  });

  it("replaces a zeros weight init with He init", async () => {
    const u = pathToFileURL(join(dir, "zeros.nn")).href;
    const text = DEMO.replace("xavier_uniform()", "zeros()");
    await client.open(u, text);
    const fix = (await actionsAt(u, text, pos(text, "zeros()", 1))).find((a) => a.diagnostics?.[0].code === "NN5001");
    expect(apply(text, fix!.edit!.changes![u])).toContain("weight_init = he_normal()");
  });

  it("switches L2 with Adam to AdamW's decoupled weight decay, and the result has no warning left", async () => {
    const actions = await actionsAt(uri, DEMO, pos(DEMO, "l2(1e-4)", 1));
    const fix = actions.find((a) => a.diagnostics?.[0].code === "NN5007");
    const fixed = apply(DEMO, fix!.edit!.changes![uri]);
    expect(fixed).toContain("optimizer = adamw(lr = 1e-3, weight_decay = 0.0002)");
    expect(fixed).not.toContain("regularize");
    const u = pathToFileURL(join(dir, "fixed.nn")).href;
    const { diagnostics } = await client.open(u, fixed);
    expect(diagnostics.map((d) => d.code)).not.toContain("NN5007");
  });

  it("offers did-you-mean replacements for an unknown name", async () => {
    const u = pathToFileURL(join(dir, "dym.nn")).href;
    const text = DEMO.replace("cross_entropy()", "cross_entropi()");
    await client.open(u, text);
    const actions = await actionsAt(u, text, pos(text, "cross_entropi", 2));
    expect(actions[0].title).toBe("Change to `cross_entropy`");
    expect(apply(text, actions[0].edit!.changes![u])).toBe(DEMO);
  });
});

describe("generating TypeScript", () => {
  it("writes name.nn.ts beside the spec on the command, and nothing while the spec has errors", async () => {
    const path = join(dir, "gen.nn");
    const u = pathToFileURL(path).href;
    await client.open(u, DEMO.replace("adam(lr", "adma(lr"));
    const skipped = await client.request<{ skipped?: string }>("workspace/executeCommand", {
      command: "nnc.generateTypeScript",
      arguments: [u],
    });
    expect(skipped.skipped).toMatch(/1 error/);
    expect(existsSync(`${path}.ts`)).toBe(false);
    await client.change(u, DEMO, 2);
    const done = await client.request<{ written?: string }>("workspace/executeCommand", {
      command: "nnc.generateTypeScript",
      arguments: [u],
    });
    expect(done.written).toBe(`${path}.ts`);
    const code = readFileSync(`${path}.ts`, "utf8");
    expect(code).toContain("export function createModel");
    expect(code).toContain("gen.nn");
    expect(readFileSync(join(dir, "gen.d.nn.ts"), "utf8")).toContain('export * from "./gen.nn.ts";');
  });

  it("regenerates on save when generateOnSave is on", async () => {
    const other = await startClient({ generateOnSave: true });
    try {
      const path = join(dir, "saved.nn");
      const u = pathToFileURL(path).href;
      await other.open(u, DEMO);
      await other.notify("textDocument/didSave", { textDocument: { uri: u } });
      // Any later request is answered after the save handler started; poll briefly for the file.
      for (let i = 0; i < 100 && !existsSync(`${path}.ts`); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(`${path}.ts`, "utf8")).toMatch(/export (async )?function train\(/);
    } finally {
      await other.close();
    }
  });
});

describe("outline, folding and tokens", () => {
  it("lists blocks with their settings and layers in the outline", async () => {
    const symbols = await client.request<{ name: string; children?: { name: string; detail?: string }[] }[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    expect(symbols.map((s) => s.name)).toEqual(["hidden", "data", "model", "train"]);
    const model = symbols[2].children!;
    expect(model.map((c) => c.name)).toEqual(["input", "weight_init", "fc1", "relu", "out", "loss"]);
    expect(model[2].detail).toBe("dense → [8] · 24 params");
  });

  it("folds each multi-line block", async () => {
    const ranges = await client.request<{ startLine: number; endLine: number }[]>("textDocument/foldingRange", { textDocument: { uri } });
    expect(ranges).toContainEqual({ startLine: pos(DEMO, "model {").line, endLine: pos(DEMO, "  loss =").line });
  });

  it("marks constants, layers, calls and argument names with semantic token types", async () => {
    const r = await client.request<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri } });
    // 5 integers per token: deltaLine, deltaStart, length, type, modifiers. The first name is `hidden` on line 2.
    expect(r.data.slice(0, 5)).toEqual([1, 4, 6, 4, 3]);
  });
});
