/**
 * Issue 15, item 2: specs that passed `nnc check` crashed `nnc train` — an arena over WebAssembly's
 * 4 GiB (`dense(1e9)`, fashion-cnn at `batch_size = 16384`) and `lbfgs(history_size = 1e9)` (V8 out of
 * heap). The checker now reports the memory a run needs and refuses what cannot be allocated, on the size
 * that causes it, with the limit; the figure is checked against what a generated model really allocates.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import { WASM_MEMORY_LIMIT, WORKSPACE_RESERVE } from "../../compiler/codegen/arena-size.ts";
import { analyze, compile } from "../../compiler/index.ts";
import { formatSummary, summarize } from "../../compiler/summary.ts";
import { Lbfgs, type CompiledModel } from "../../runtime/index.ts";
import { arenaOf } from "../../runtime/arena.ts";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { at, expectDiagnostics } from "./harness.ts";

const root = resolve(import.meta.dirname, "../..");
const examples = join(root, "examples");
const xor = readFileSync(join(examples, "xor.nn"), "utf8");
const cnn = readFileSync(join(examples, "fashion-cnn.nn"), "utf8");
afterAll(removeTempSpecs);

function errors(text: string): { code: string; line: number; column: number; message: string }[] {
  const r = analyze(text, { source: "spec.nn", baseDir: examples });
  return r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, line: d.span.start.line, column: d.span.start.column, message: d.message }));
}

describe("models that do not fit in WebAssembly memory", () => {
  it("refuses fashion-cnn at batch_size = 16384 on the batch size, with the largest batch that fits", () => {
    const text = cnn.replace(/batch_size = \d+/, "batch_size = 16384");
    const [e, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(e.code).toBe("NN4017");
    const line = text.split("\n").findIndex((l) => l.includes("batch_size = 16384")) + 1;
    expect([e.line, e.column]).toEqual([line, text.split("\n")[line - 1].indexOf("16384") + 1]);
    expect(e.message).toMatch(
      /^`batch_size = 16384` needs 11 GiB of WebAssembly memory .*the limit is 4\.0 GiB.*batch_size can be at most [\d,]+$/,
    );
    // The largest batch it names does check, one more does not.
    const most = Number(/at most ([\d,]+)$/.exec(e.message)![1].replace(/,/g, ""));
    expect(errors(cnn.replace(/batch_size = \d+/, `batch_size = ${most}`))).toEqual([]);
    expect(errors(cnn.replace(/batch_size = \d+/, `batch_size = ${most + 1}`)).map((d) => d.code)).toEqual(["NN4017"]);
  });

  it("refuses dense(1e9) on the layer, naming its parameters", () => {
    const text = xor.replace("hidden: dense(4)", "hidden: dense(1e9)");
    expectDiagnostics(text.replace("data/xor.csv", join(examples, "data/xor.csv")), [at(text, "error", "NN4017", "hidden: dense(1e9)")]);
    expect(errors(text)[0].message).toContain("`hidden` has 3,000,000,000 parameters");
  });

  it("refuses lbfgs(history_size = 1e9) on history_size, with the history that fits", () => {
    const text = xor.replace(/optimizer = .*/, "optimizer = lbfgs(history_size = 1e9)").replace("batch_size = 4", "batch_size = 4");
    expectDiagnostics(text.replace("data/xor.csv", join(examples, "data/xor.csv")), [at(text, "error", "NN4018", "1e9")]);
    expect(errors(text)[0].message).toMatch(
      /keeps up to 1,000,000,000 pairs of 176 bytes .*: 164 GiB; the limit is 4\.0 GiB, so history_size can be at most 24,403,223$/,
    );
  });

  it("`nnc check` says so with file, line and column and exits 1 (`nnc train` crashed with an internal error)", () => {
    const dir = tempSpecs({
      "big.nn": xor.replace("hidden: dense(4)", "hidden: dense(1e9)").replace("data/xor.csv", join(examples, "data/xor.csv")),
    });
    const r = nnc(["check", join(dir, "big.nn")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${join(dir, "big.nn")}:12:3: error NN4017: this model needs 115 GiB of WebAssembly memory`);
  });
});

describe("the memory a run needs, in the summary", () => {
  it("prints the arena beside the parameters and FLOPs", () => {
    const r = analyze(cnn, { source: "fashion-cnn.nn", baseDir: examples });
    const table = formatSummary(summarize(r.plan!));
    // 700 KiB a sample: activations and their gradients. Batch norm keeps no normalised copy of its input, which
    // was 208 KiB more (32·28·28 + 2·48·14·14 + 2·96·7·7 floats).
    expect(table).toMatch(/\nmemory: 94 MiB of WebAssembly memory at batch_size 128 \(700 KiB per sample\), of the 4\.0 GiB limit$/);
  });

  it("equals what the generated model allocates when it is constructed", async () => {
    for (const [name, text] of [
      ["xor", xor],
      ["fashion-cnn", cnn.replace(/batch_size = \d+/, "batch_size = 8")],
    ] as const) {
      const dir = join(root, "tmp", "memory-limit", name);
      const result = await compile(text, { source: name, baseDir: examples, moduleDir: dir, runtimeImport: runtimeEntryUrl });
      const file = writeModuleFile(dir, "model.nn.ts", result.code!);
      const mod = (await import(pathToFileURL(file).href)) as { createModel(seed?: number): CompiledModel };
      const model = mod.createModel(1);
      const used = arenaOf(model.params)!.used;
      const estimate = summarize(result.plan!).memory.arenaBytes;
      // Each buffer is aligned to 16 bytes on its own, the estimate aligns the float and int totals.
      expect(Math.abs(used - estimate)).toBeLessThanOrEqual(16 * 64);
    }
  }, 120_000);

  it("keeps a reserve for the kernels' workspace below the 4 GiB limit", () => {
    expect(WASM_MEMORY_LIMIT).toBe(4 * 1024 ** 3);
    expect(WORKSPACE_RESERVE).toBeLessThan(WASM_MEMORY_LIMIT / 8);
  });
});

describe("L-BFGS with a large history_size", () => {
  it("does not allocate the history up front (history_size = 1e9 ran V8 out of heap)", () => {
    const opt = new Lbfgs(
      4,
      { lr: 1, maxIter: 2, maxEval: 3, toleranceGrad: 1e-12, toleranceChange: 1e-12, historySize: 1e9, lineSearch: "none" },
      "f64",
    );
    const p = new Float64Array([1, -2, 3, -4]);
    const g = new Float64Array(4);
    const loss = () => {
      let s = 0;
      for (let i = 0; i < 4; i++) {
        s += p[i] * p[i];
        g[i] = 2 * p[i];
      }
      return s;
    };
    loss();
    const before = loss();
    for (let i = 0; i < 3; i++) opt.step(p, g, loss);
    expect(loss()).toBeLessThan(before);
  });
});
