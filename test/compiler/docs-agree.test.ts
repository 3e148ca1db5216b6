/**
 * Issue 14, item 11: what docs/language.md promises is what the checker and the runtime do.
 */
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { lookup } from "../../compiler/index.ts";
import { writeSafetensors } from "../../runtime/checkpoint/write.ts";
import { loadSpecModule } from "../../cli/spec-module.ts";
import { MINIMAL, at, atIn, checkText, expectDiagnostics } from "./harness.ts";

const languageDoc = readFileSync(resolve(import.meta.dirname, "../../docs/language.md"), "utf8");

describe("classes = N on a data source", () => {
  it("accepts a class count, as docs/language.md writes it, and keeps the data whole", () => {
    const text = MINIMAL.replace("label = 2)", "label = 2, classes = 3)");
    const { plan, diagnostics } = checkText(text);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan?.data?.classes).toBe(3);
    // A count selects nothing: no label is dropped or renumbered.
    expect(plan?.data?.train).not.toHaveProperty("classes");
  });

  it("reports a count that differs from the model's outputs at the last layer", () => {
    const text = MINIMAL.replace("label = 2)", "label = 2, classes = 4)");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4005", "dense(3)")]);
    expect(d.message).toBe("the model outputs 3 scores but the train data has `classes = 4`: the last layer needs one output per class");
  });

  it("still takes a list of labels to keep", () => {
    const { plan } = checkText(MINIMAL.replace("label = 2)", "label = 2, classes = [4, 7, 9])"));
    expect(plan?.data?.train).toMatchObject({ classes: [4, 7, 9] });
  });

  it("refuses a count below 1 with what it expects", () => {
    const text = MINIMAL.replace("label = 2)", "label = 2, classes = 0)");
    const [d] = expectDiagnostics(text, [atIn(text, "error", "NN3001", "classes = 0", "0")]);
    expect(d.message).toContain("expects a number of classes such as `10` or a list of labels");
  });
});

describe("split(train, fraction)", () => {
  it("is documented as the seeded random subset the generated code takes", async () => {
    expect(languageDoc).toMatch(
      /`validation = split\(train, fraction\)` \| validation set: a file, or a seeded random `fraction` of the training rows/,
    );
    expect(lookup("source", "split")?.doc).toMatch(/seeded random/);
    const dir = mkdtempSync(join(tmpdir(), "nnc-split-"));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${-i},${i % 3}`).join("\n") + "\n";
    writeFileSync(join(dir, "data.csv"), rows);
    writeFileSync(join(dir, "spec.nn"), MINIMAL.replace("epochs = 10", "epochs = 1\n  seed = 5"));
    const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
    const validation = (await module.loadData()).validation!;
    const firstColumn = Array.from({ length: validation.n }, (_, i) => validation.x[i * 2]);
    expect(firstColumn).toHaveLength(4);
    expect(firstColumn).not.toEqual([36, 37, 38, 39]);
    // Seeded: the same rows every time.
    const again = (await module.loadData()).validation!;
    expect(Array.from(again.x)).toEqual(Array.from(validation.x));
  });
});

describe("a layer's weight_init = from(...)", () => {
  it("loads the layer's bias from the file too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-from-"));
    writeFileSync(join(dir, "data.csv"), "0,1,0\n1,0,1\n1,1,2\n");
    const weight = Float32Array.from({ length: 16 * 2 }, (_, i) => i / 10);
    const bias = Float32Array.from({ length: 16 }, (_, i) => 100 + i);
    writeSafetensors(
      join(dir, "pre.safetensors"),
      new Map([
        ["fc1.weight", { dtype: "F32", shape: [16, 2], data: weight }],
        ["fc1.bias", { dtype: "F32", shape: [16], data: bias }],
      ]),
      {},
    );
    writeFileSync(join(dir, "spec.nn"), MINIMAL.replace("fc1: dense(16)", 'fc1: dense(16) { weight_init = from("pre.safetensors") }'));
    const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
    const model = module.createModel();
    const slot = (name: string) => model.definition.tensors.find((t) => t.name === name)!;
    const read = (name: string) => Array.from(model.params.subarray(slot(name).offset, slot(name).offset + slot(name).size));
    expect(read("fc1.weight")).toEqual(Array.from(weight));
    expect(read("fc1.bias")).toEqual(Array.from(bias));
  });

  it("lets the layer's own bias_init override the file", () => {
    const { plan } = checkText(
      MINIMAL.replace("fc1: dense(16)", 'fc1: dense(16) { weight_init = from("pre.safetensors")  bias_init = zeros() }'),
    );
    expect(plan?.layers[0]).toMatchObject({ weightInit: { kind: "from", tensor: "fc1.weight" }, biasInit: { kind: "zeros" } });
  });
});

describe("EMA", () => {
  it("documents the warm-up of the decay", () => {
    expect(languageDoc).toContain("min(decay, (1 + t)/(10 + t))");
  });
});
