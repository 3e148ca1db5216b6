/**
 * The hostile-spec corpus (test/reliability/hostile/*.nn): payloads in paths, names, comments and numbers
 * (quotes, backticks, `${`, `*\/`, line/paragraph separators, NUL, `__proto__`, `constructor`, look-alike
 * letters, `..` paths, overflowing numbers). Each spec either gets well-formed error diagnostics, or
 * compiles to a module that type-checks under strict and, run in a fresh process, does only what a model
 * does: the payloads (exit codes, a PWNED file) never fire.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { repo } from "./fixtures.ts";
import { badDiagnostic, lineStarts } from "./fuzz/properties.ts";

const corpus = join(import.meta.dirname, "hostile");
const work = join(repo, "tmp", "hostile-corpus");
const specs = readdirSync(corpus)
  .filter((f) => f.endsWith(".nn"))
  .sort();
const compiled: string[] = [];
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("hostile-spec corpus", () => {
  for (const name of specs) {
    it(`${name} is rejected with diagnostics or compiles to inert code`, async () => {
      const text = readFileSync(join(corpus, name), "utf8");
      const dir = join(work, name.replace(/\.nn$/, ""));
      mkdirSync(dir, { recursive: true });
      const result = await compile(text, { source: `hostile/${name}`, baseDir: dir, moduleDir: dir });
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (result.code === undefined) {
        expect(errors.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) expect(badDiagnostic(text, d, lineStarts(text))).toBeUndefined();
        return;
      }
      writeFileSync(join(dir, "model.nn.ts"), result.code);
      compiled.push(join(dir, "model.nn.ts"));
      const runner = join(dir, "run.ts");
      writeFileSync(
        runner,
        `import * as m from "./model.nn.ts";\n` +
          `const model = m.createModel(1);\n` +
          `const out = model.forward(new Float32Array(8), 2, false);\n` +
          `console.log(JSON.stringify({ n: out.length, source: m.SOURCE, tensors: m.TENSORS.map((t) => t.name) }));\n`,
      );
      const run = spawnSync(process.execPath, [join(repo, "bin/run-ts.js"), runner], { encoding: "utf8", cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout.trim()) as { n: number; source: string; tensors: string[] };
      expect(printed.n).toBe(4);
      expect(printed.source).toBe(`hostile/${name}`);
      expect(printed.tensors).toHaveLength(4);
      expect(existsSync(join(dir, "PWNED"))).toBe(false);
      expect(existsSync(join(repo, "PWNED"))).toBe(false);
    });
  }

  it("every compiled hostile module type-checks under strict", () => {
    expect(compiled.length).toBeGreaterThan(5);
    const out = execFileSync(
      process.execPath,
      [
        join(repo, "node_modules/typescript/bin/tsc"),
        "--ignoreConfig",
        "--customConditions",
        "nnc-source",
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--target",
        "es2022",
        "--allowImportingTsExtensions",
        "--skipLibCheck",
        "--types",
        "node",
        ...compiled,
      ],
      { encoding: "utf8", cwd: repo },
    );
    expect(out).toBe("");
  });
});
