/**
 * Nothing in a spec can become code: names, strings and paths only ever reach the generated module as
 * escaped string literals or sanitised comments. Each hostile spec compiles, type-checks under strict,
 * and runs in a fresh process where any escaped payload would change the exit code.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "tmp", "hostile-test");

const payloads = [
  `a"; process.exit(42); "`,
  "a`; process.exit(43); `",
  "${process.exit(44)}",
  "*/ process.exit(45); /*",
  "x\u2028process.exit(46)\u2029",
  "../../../../etc/passwd",
  '\\\\"); process.exit(47); //',
];

function hostileSpec(path: string, layer: string): string {
  return `
data {
  train = csv(${JSON.stringify(path)}, label = 4)
}
model {
  input = [4]
  ${layer}: dense(3)
  relu
  constructor: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  epochs = 1
  batch_size = 2
}
`;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("hostile specs", () => {
  const cases = payloads.flatMap((p, i) => [
    { name: `path payload ${i}`, path: p, layer: "__proto__", source: "spec.nn" },
    { name: `source-name payload ${i}`, path: "data.csv", layer: "toString", source: `evil${p}\n process.exit(48) //.nn` },
  ]);
  for (const c of cases) {
    it(`keeps ${c.name} inert`, async () => {
      const spec = hostileSpec(c.path, c.layer);
      const dir = join(work, c.name.replace(/\W+/g, "-"));
      mkdirSync(dir, { recursive: true });
      const result = await compile(spec, { source: c.source, baseDir: dir, moduleDir: dir });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.code).toBeDefined();
      const modulePath = join(dir, "model.nn.ts");
      writeFileSync(modulePath, result.code!);
      // The payload text survives only inside string literals: no statement calls process.exit.
      const runner = join(dir, "run.ts");
      writeFileSync(
        runner,
        `import { createModel, TENSORS } from "./model.nn.ts";\n` +
          `const m = createModel(1);\n` +
          `const out = m.forward(new Float32Array(8), 2, false);\n` +
          `console.log(JSON.stringify({ n: out.length, tensors: TENSORS.map((t) => t.name) }));\n`,
      );
      const run = spawnSync(process.execPath, [join(root, "bin/run-ts.js"), runner], { encoding: "utf8", cwd: root });
      expect(run.status, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout.trim()) as { n: number; tensors: string[] };
      expect(printed.tensors).toEqual([`${c.layer}.weight`, `${c.layer}.bias`, "constructor.weight", "constructor.bias"]);
    });
  }

  it("generated hostile modules type-check under strict", () => {
    // Runs after the cases above wrote their modules; one tsc call checks them all.
    const out = execFileSync(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
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
        ...cases.map((c) => join(work, c.name.replace(/\W+/g, "-"), "model.nn.ts")),
      ],
      { encoding: "utf8", cwd: root },
    );
    expect(out).toBe("");
  });
});
