import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../../runtime/checkpoint/index.ts";

const GOLDEN = "/work/shared/golden";
const cases = existsSync(GOLDEN)
  ? readdirSync(GOLDEN).filter((c) => existsSync(join(GOLDEN, c, "case.json")) && existsSync(join(GOLDEN, c, "init.safetensors")))
  : [];

describe("reads PyTorch-written safetensors", () => {
  it("finds the golden cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(`${c}: init and expected safetensors hold the tensors case.json lists`, () => {
      const spec = JSON.parse(readFileSync(join(GOLDEN, c, "case.json"), "utf8")) as {
        tensors: Record<string, { shape: number[]; dtype: string }>;
      };
      for (const file of ["init.safetensors", "expected.safetensors"]) {
        const { tensors, metadata } = readSafetensors(join(GOLDEN, c, file));
        expect(metadata.format).toBe("pt");
        expect([...tensors.keys()].sort()).toEqual(Object.keys(spec.tensors).sort());
        for (const [name, want] of Object.entries(spec.tensors)) {
          const t = tensors.get(name)!;
          expect(t.shape).toEqual(want.shape);
          expect(t.dtype).toBe(want.dtype);
          expect(t.data.length).toBe(want.shape.reduce((a, b) => a * b, 1));
          if (t.dtype !== "I64") for (const v of t.data as Float32Array) expect(Number.isFinite(v)).toBe(true);
        }
      }
    });
  }
});
