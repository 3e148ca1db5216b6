import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const CANONICAL = readFileSync(path.resolve(import.meta.dirname, "../../examples/xor.nn"), "utf8");
const MESSY = CANONICAL.replace("  input = [2]", "input=[ 2 ]").replace("  hidden: dense(4)", "      hidden :dense( 4 )");

describe("nnc fmt", () => {
  it("--check exits 0 when every file is already formatted", () => {
    const dir = tempSpecs({ "a.nn": CANONICAL });
    const r = nnc(["fmt", "--check", path.join(dir, "a.nn")]);
    expect(r.status).toBe(0);
  });

  it("--check lists a file that would change, exits 1 and leaves it untouched", () => {
    const dir = tempSpecs({ "a.nn": MESSY });
    const file = path.join(dir, "a.nn");
    const r = nnc(["fmt", "--check", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(file);
    expect(readFileSync(file, "utf8")).toBe(MESSY);
  });

  it("rewrites a file in place into canonical form, leaving no temporary file", () => {
    const dir = tempSpecs({ "a.nn": MESSY });
    const file = path.join(dir, "a.nn");
    expect(nnc(["fmt", file]).status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(CANONICAL);
    expect(readdirSync(dir)).toEqual(["a.nn"]);
    expect(nnc(["fmt", "--check", file]).status).toBe(0);
  });

  it("leaves a file with syntax errors untouched and exits 1", () => {
    const broken = "model { input = [2 }\n";
    const dir = tempSpecs({ "b.nn": broken });
    const file = path.join(dir, "b.nn");
    const r = nnc(["fmt", file]);
    expect(r.status).toBe(1);
    expect(readFileSync(file, "utf8")).toBe(broken);
  });

  it("passes --check on every example", () => {
    const r = nnc(["fmt", "--check", "examples/fashion-mlp.nn", "examples/xor.nn", "examples/cs231n-sgd.nn"]);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("exits 2 for a missing file", () => {
    expect(nnc(["fmt", "/nonexistent/x.nn"]).status).toBe(2);
  });
});
