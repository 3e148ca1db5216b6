import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { codes } from "../../compiler/index.ts";

describe("diagnostic codes", () => {
  it("every checker code has a test asserting it with its span", () => {
    const dir = import.meta.dirname;
    const tests = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts") && f !== "codes.test.ts")
      .map((f) => readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
    const untested = Object.keys(codes).filter((c) => !new RegExp(`"(error|warning)", "${c}"`).test(tests));
    expect(untested).toEqual([]);
  });

  it("are numbered by family: NN2 names, NN3 values, NN4 structure, NN5 lints, NN6 data files", () => {
    for (const code of Object.keys(codes)) expect(code).toMatch(/^NN[2-6]\d{3}$/);
  });
});
