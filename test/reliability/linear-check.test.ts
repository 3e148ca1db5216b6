/**
 * Issue 15, item 4: `nnc check` must stay linear in the size of the spec. The red team's input — one layer
 * name repeated 90,000 times (2 MB) — took over ten minutes (every diagnostic split the whole file into
 * lines to print its excerpt). "Linear" is asserted on work done (element reads, comparisons, output
 * size) wherever it can be counted, and otherwise by finishing 2 MB inputs inside a generous timeout that a
 * quadratic pass would miss by minutes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildContext, check } from "../../compiler/check.ts";
import { analyze } from "../../compiler/index.ts";
import { checks } from "../../compiler/checks/index.ts";
import type { CheckContext } from "../../compiler/context.ts";
import { EXCERPT_WIDTH, formatDiagnostic } from "../../compiler/diagnostics.ts";
import { NameSuggester, SUGGESTION_BUDGET } from "../../compiler/did-you-mean.ts";
import { lints } from "../../compiler/lints/index.ts";
import { parse } from "../../grammar/parse.ts";
import { removeTempSpecs, repo, tempSpecs } from "../cli/run.ts";
import { examplesDir } from "./fuzz/mutate.ts";
import { repeatedNameShapes } from "./fuzz/scaling.ts";

const xor = readFileSync(join(examplesDir, "xor.nn"), "utf8");
afterAll(removeTempSpecs);

describe("nnc check on repeated names", () => {
  it("prints the 90,000 duplicate-name errors of a 2 MB spec (the red team's input) in one linear pass", () => {
    const text = xor.replace("out: dense(2)", "hidden_layer: dense(4)\n".repeat(90_000) + "out: dense(2)");
    expect(text.length).toBeGreaterThan(2_000_000);
    const dir = tempSpecs({ "dup.nn": text });
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data/xor.csv"), readFileSync(join(examplesDir, "data/xor.csv")));
    const r = spawnSync(process.execPath, [join(repo, "bin/nnc.js"), "check", join(dir, "dup.nn")], {
      cwd: repo,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("dup.nn: 89999 errors");
    expect(r.stdout.split("error NN2007: layer name `hidden_layer` is already used").length - 1).toBe(89_999);
    // The excerpt under the last one is its own line, found without splitting the file.
    const lastLine = xor.split("\n").findIndex((l) => l.includes("out: dense(2)")) + 90_000;
    expect(r.stdout).toContain(`${lastLine}:1: error NN2007`);
    expect(r.stdout).toContain(`${lastLine} | hidden_layer: dense(4)\n`);
  }, 300_000);

  // The fuzzer's generators for these shapes (scripts/fuzz.ts --scaling runs them at 1-10 MB): here a
  // smoke run at 0.5 MB; the counted tests below are what would catch a quadratic pass.
  it.each(repeatedNameShapes(5e5).map((s) => [s.name, s.text] as const))(
    "checks %s",
    (_name, text) => {
      const r = analyze(text, { source: "big.nn", baseDir: examplesDir });
      expect(r.diagnostics.length).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe("every check and lint reads the layer list a bounded number of times per layer", () => {
  /** Counts element reads of ctx.layers while `rule` runs. */
  function layerReads(ctx: CheckContext, rule: { run(ctx: CheckContext): void }): number {
    let reads = 0;
    const counted = new Proxy(ctx.layers as CheckContext["layers"][number][], {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    rule.run({ ...ctx, layers: counted, out: [] });
    return reads;
  }

  // Every layer kind a lint looks past: sigmoid and dropout scanned the rest of the model per layer.
  const layers = "dense(4)\nsigmoid\ndropout(0.1)\nbatchnorm()\nrelu\n".repeat(400);
  const text = xor
    .replace("out: dense(2)", layers + "out: dense(2)\ndropout(0.1)\n")
    .replace("metrics =", "regularize = [l2(1e-4, layers = [out])]\n  metrics =");
  const ctx = buildContext(parse(text).file, { source: "x.nn", baseDir: examplesDir });

  it.each([...checks, ...lints].map((r) => [r.name, r] as const))("%s", (_name, rule) => {
    expect(ctx.layers.length).toBeGreaterThan(2000);
    expect(layerReads(ctx, rule)).toBeLessThanOrEqual(4 * ctx.layers.length);
  });

  it("still warns about the sigmoid layers that are hidden and the dropout after the last dense layer", () => {
    const codes = check(parse(text).file, { source: "x.nn", baseDir: examplesDir }).diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === "NN5002")).toHaveLength(400);
    expect(codes.filter((c) => c === "NN5006")).toHaveLength(1);
  });
});

describe("did-you-mean among the names a spec declares", () => {
  const declared = Array.from({ length: 100_000 }, (_, i) => `c${i}`);

  it("bounds the total work of 100,000 unknown names among 100,000 constants", () => {
    const s = new NameSuggester(declared);
    for (let i = 0; i < 100_000; i++) s.suggest(`x${i}`);
    // Without the bound this is 10¹⁰ comparisons; with it, the budget plus one last query.
    expect(s.spent).toBeLessThanOrEqual(SUGGESTION_BUDGET + 100_000 * 100);
  });

  it("still suggests the close names while the budget lasts, and memoizes repeats", () => {
    const s = new NameSuggester(["hidden", "output", "width"]);
    expect(s.suggest("hiden")).toEqual(["hidden"]);
    const spent = s.spent;
    expect(s.suggest("hiden")).toEqual(["hidden"]);
    expect(s.spent).toBe(spent);
  });

  it("reports an unknown constant with its suggestion through the checker", () => {
    const r = analyze("let width = 4\n" + xor.replace("dense(4)", "dense(widht)"), { source: "x.nn", baseDir: examplesDir });
    expect(r.diagnostics.find((d) => d.code === "NN2001")?.message).toContain("did you mean `width`");
  });
});

describe("printing diagnostics on a long line", () => {
  it("shows a bounded window around each span, with the caret under it", () => {
    // 100,000 duplicate layers on one 1.5 MB line: each excerpt used to be the whole line.
    const line = "fc: dense(4); ".repeat(100_000);
    const text = xor.replace("out: dense(2)", line + "\nout: dense(2)");
    const r = analyze(text, { source: "x.nn", baseDir: examplesDir });
    const dups = r.diagnostics.filter((d) => d.code === "NN2007");
    expect(dups).toHaveLength(99_999);
    let total = 0;
    for (const d of dups) {
      const [, excerpt, caret] = formatDiagnostic(d, "x.nn", text).split("\n");
      expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_WIDTH + 10);
      total += excerpt.length;
      // The caret sits under the duplicated name.
      const at = caret.indexOf("^");
      expect(excerpt.slice(at, at + 2)).toBe("fc");
    }
    expect(total).toBeLessThanOrEqual(dups.length * (EXCERPT_WIDTH + 10));
  }, 120_000);

  it("prints a short line whole, as before", () => {
    const text = xor.replace("  tanh\n", "  tanhh\n");
    const r = analyze(text, { source: "x.nn", baseDir: examplesDir });
    const lines = formatDiagnostic(r.diagnostics[0], "x.nn", text).split("\n");
    expect(lines.slice(1)).toEqual(["  13 |   tanhh", "     |   ^~~~~"]);
  });
});
