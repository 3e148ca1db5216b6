/** A checkpoint as bytes (what a page downloads) is the file saveModel writes, and loads back into a model. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkpointBytes, CheckpointError, loadModelBytes, saveModel, type CompiledModel } from "../../../runtime/index.ts";
import { loadSpecModule } from "../../../cli/spec-module.ts";

let createModel: (seed?: number) => CompiledModel;
beforeAll(async () => {
  createModel = (await loadSpecModule(join(import.meta.dirname, "../../../examples/xor.nn"))).module.createModel;
});

describe("checkpoint bytes", () => {
  it("are byte for byte the file saveModel writes", () => {
    const model = createModel(7);
    const path = join(mkdtempSync(join(tmpdir(), "nnc-bytes-")), "m.safetensors");
    saveModel(model, path, { epoch: "3" });
    expect(Buffer.from(checkpointBytes(model, { epoch: "3" })).equals(readFileSync(path))).toBe(true);
  });

  it("load back into a fresh model", () => {
    const trained = createModel(7);
    const fresh = loadModelBytes(createModel(8), checkpointBytes(trained));
    expect(Array.from(fresh.params)).toEqual(Array.from(trained.params));
  });

  it("name what was wrong with truncated bytes", () => {
    const bytes = checkpointBytes(createModel(7)).subarray(0, 40);
    expect(() => loadModelBytes(createModel(), bytes, "spiral.safetensors")).toThrow(CheckpointError);
    expect(() => loadModelBytes(createModel(), bytes, "spiral.safetensors")).toThrow(/^spiral\.safetensors: /);
  });
});
