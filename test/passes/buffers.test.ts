/**
 * The `buffers` stage describes the arena the generated constructor really lays out: for every example,
 * the constructor's allocations (name, floats or ints, size) are the pass's, in the same order — so what
 * `nnc compile --dump-ir` prints about buffers is what a model allocates.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../compiler/index.ts";
import { lower } from "../../compiler/passes/index.ts";
import { exampleSpecs } from "../../scripts/compile-examples.ts";

const root = resolve(import.meta.dirname, "../..");

/**
 * `this.act0 = arena.floats(PRECISION, 1920);` (a primary model's size, not a replica's) → [act0, floats, 1920];
 * a graph model's gradient buffer in another's memory, `this.gradAct7 = this.gradAct1.subarray(0, 512);` → [gradAct7, floats, 512].
 */
function constructorAllocations(module: string): [string, string, number][] {
  const body = module.slice(module.indexOf("  constructor("), module.indexOf("if (!replica) this.initialize();"));
  const line =
    /this\.(\w+) = (?:[^;]*?arena\.(floats|ints)\((?:PRECISION, )?(?:replica \? 0 : )?(\d+)\)|this\.gradAct\d+\.subarray\(0, (\d+)\));/g;
  return [...body.matchAll(line)].map((m) => [m[1], m[2] ?? "floats", Number(m[3] ?? m[4])]);
}

describe("the buffers pass", () => {
  for (const spec of exampleSpecs().filter((s) => !s.includes(join("examples", "browser")))) {
    it(`matches the constructor of ${relative(root, spec)}.ts`, () => {
      const { plan } = analyze(readFileSync(spec, "utf8"), { source: spec, baseDir: dirname(spec) });
      if (plan === undefined) throw new Error(`${spec} does not check`);
      const allocations = lower(plan).buffers.allocations.map((a) => [a.name, a.kind, a.size]);
      expect(constructorAllocations(readFileSync(`${spec}.ts`, "utf8"))).toEqual(allocations);
    });
  }
});
