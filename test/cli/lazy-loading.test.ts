/**
 * What a cold `nnc --help` and `nnc check` load (docs/packaging.md, cold start): the figures are measured by
 * bench/cold-start.ts, not here; this test keeps the design that gives them. A command file that imports
 * the compiler, the runtime, the reports or the language server at the top would make every `nnc --help`
 * load them again. A module hook lists every module the process loads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { repo } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, "hooks.mjs"),
  "export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n",
);
writeFileSync(
  join(dir, "trace.mjs"),
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
);

function loaded(args: readonly string[]): string[] {
  const r = spawnSync(process.execPath, ["--import", join(dir, "trace.mjs"), join(repo, "bin/nnc.js"), ...args], {
    cwd: repo,
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  return r.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED file:"))
    .map((l) => l.slice("LOADED ".length).replace(pathToFileURL(repo).href + "/", ""));
}

/** Folders and packages no registration of a command may load. */
const HEAVY = [
  /^compiler\//,
  /^grammar\//,
  /^lsp\//,
  /^report\/(write|plots|render|html)\./,
  /^runtime\/index\./,
  /^runtime\/(wasm|optimizers)\//,
  /node_modules\/(vega|vega-lite|@resvg|ts-morph|prettier|chevrotain|vscode-languageserver)\//,
];

describe("cold start", () => {
  it("nnc --help loads no command's machinery", () => {
    const modules = loaded(["--help"]);
    expect(modules).toContain("cli/main.ts");
    expect(modules).toContain("cli/commands/train.ts");
    expect(modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
  });

  it("nnc --help loads no training machinery: progress bar, checkpoint hashing, training thread, doctor's checks", () => {
    const machinery = [
      /^cli\/training\//,
      /^cli\/commands\/train-run\./,
      /^runtime\/train\/(resume|disk-usage|profile|checkpoint-io|evaluate)\./,
      /^runtime\/checkpoint\/(read|write|tensor)\./,
      /^runtime\/practice\/(initial-loss|overfit|update-ratio|sample)\./,
      /node_modules\/(cli-progress|@noble)\//,
    ];
    expect(loaded(["--help"]).filter((m) => machinery.some((h) => h.test(m)))).toEqual([]);
  });

  it("nnc check loads the parser and checker, but not the code generator, runtime, reports or language server", () => {
    const modules = loaded(["check", "examples/xor.nn"]);
    expect(modules).toContain("grammar/parser.ts");
    const generatorOrLater = [
      /^compiler\/codegen\/emit-module\./,
      /^lsp\//,
      /^report\/(write|plots)\./,
      /^runtime\/(wasm|optimizers)\//,
      /node_modules\/(vega|@resvg|ts-morph|prettier|vscode-languageserver)\//,
    ];
    expect(modules.filter((m) => generatorOrLater.some((h) => h.test(m)))).toEqual([]);
  });
});
