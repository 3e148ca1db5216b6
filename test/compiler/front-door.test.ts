/**
 * The compiler's front door (compiler/index.ts): analyze() and compile() are what the CLI, the language
 * server, the loader hook and the Vite plugin call, so these are the behaviours every one of them relies on.
 */
import { describe, expect, it } from "vitest";
import { analyze, compile } from "../../compiler/index.ts";
import { MINIMAL } from "./harness.ts";

const options = { source: "test.nn", baseDir: "/specs" };
const rows = (text: string) => analyze(text, options).layers.map((l) => `${l.name} [${l.outputShape.join(", ")}] ${l.parameters}`);

describe("analyze", () => {
  it("a clean spec: a plan, no errors, and a row per layer with its shape and parameters", () => {
    const a = analyze(MINIMAL, options);
    expect(a.hasErrors).toBe(false);
    expect(a.plan?.source).toBe("test.nn");
    // 2 inputs → 16: 2·16 weights + 16 biases; 16 → 3: 16·3 + 3.
    expect(rows(MINIMAL)).toEqual(["fc1 [16] 48", "relu1 [16] 0", "out [3] 51"]);
  });

  it("stops at syntax errors: only the parser's diagnostics, a partial tree, no plan", () => {
    // Two mistakes: a missing `)` (syntax) and an unknown optimizer (a checker error, not reported yet).
    const text = MINIMAL.replace("dense(16)", "dense(16").replace("adam()", "adamm()");
    const a = analyze(text, options);
    expect(a.hasErrors).toBe(true);
    expect(a.plan).toBeUndefined();
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(a.diagnostics.every((d) => d.code.startsWith("NN1"))).toBe(true);
    expect(a.file.kind).toBe("File");
    expect(a.file.statements.length).toBeGreaterThan(0);
  });

  it("keeps the model's layer shapes while another block has errors (the editor shows them)", () => {
    const text = MINIMAL.replace("adam()", "adamm()");
    const a = analyze(text, options);
    expect(a.plan).toBeUndefined();
    expect(a.diagnostics.map((d) => d.code)).toEqual(["NN2002"]); // unknown optimizer
    expect(rows(text)).toEqual(["fc1 [16] 48", "relu1 [16] 0", "out [3] 51"]);
  });

  it("shows no layer rows after a broken layer: later shapes would be guesses", () => {
    expect(rows(MINIMAL.replace("dense(16)", "dense(-1)"))).toEqual([]);
  });
});

describe("compile", () => {
  it("returns TypeScript for a clean spec, importing the runtime it is told to", async () => {
    const r = await compile(MINIMAL, { ...options, runtimeImport: "my-runtime" });
    expect(r.hasErrors).toBe(false);
    expect(r.code).toContain('from "my-runtime"');
  });

  it("returns no code, and the same diagnostics as analyze, for a spec with errors", async () => {
    const text = MINIMAL.replace("adam()", "adamm()");
    const r = await compile(text, options);
    expect(r.code).toBeUndefined();
    expect(r.diagnostics).toEqual(analyze(text, options).diagnostics);
  });

  it("returns a PyTorch script with target pytorch", async () => {
    const r = await compile(MINIMAL, { ...options, target: "pytorch" });
    expect(r.code).toMatch(/^import torch$/m);
    expect(r.code).toContain("nn.Linear(2, 16, bias=True)");
  });
});
