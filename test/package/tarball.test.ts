/**
 * nnc as npm installs it (issue 13): the packed tarball installed into fresh `npm init -y` projects —
 * CommonJS (npm's default) and ES module — with nothing of this clone on the PATH. Every command a user
 * runs first, the runtime from plain JavaScript, the loader hook with and without a TypeScript loader,
 * and a strict `tsc` over a consumer file that imports a generated module.
 */
import { execFileSync, spawn, type SpawnSyncReturns } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createProtocolConnection, type PublishDiagnosticsParams } from "vscode-languageserver/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyIntoProject, freshProject, packedTarball, repoRoot, type Project } from "./tarball.ts";

const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/** XOR: 2 inputs → dense(4) → tanh → dense(2); 2·4 + 4 + 4·2 + 2 = 22 parameters. */
const XOR = { "xor.nn": "examples/xor.nn", "data/xor.csv": "examples/data/xor.csv" };
/** The spiral (batches of 60, large enough to split over threads); its spec reads ../data/spiral.csv. */
const SPIRAL = { "sweep/spiral.nn": "examples/sweep/spiral.nn", "data/spiral.csv": "examples/data/spiral.csv" };

const APP_JS = `import { train, PARAMETER_COUNT } from "./xor.nn";
const result = await train({ steps: 40 });
console.log(JSON.stringify({ parameters: PARAMETER_COUNT, steps: result.steps, first: result.epochs[0].train_loss, last: result.epochs.at(-1).train_loss }));
`;
const APP_TS = `import { train, PARAMETER_COUNT } from "./xor.nn";
const result = await train({ steps: 40 });
const losses: number[] = result.epochs.map((e) => e.train_loss);
console.log(JSON.stringify({ parameters: PARAMETER_COUNT, steps: result.steps, first: losses[0], last: losses[losses.length - 1] }));
`;
const CONSUMER_TS = `import { createModel, train, PARAMETER_COUNT, TENSORS } from "./xor.nn";
import { Rng, type TrainResult } from "nnc/runtime";
const model = createModel(new Rng(1).int(1000));
const count: number = PARAMETER_COUNT + TENSORS.length;
async function main(): Promise<void> {
  const result: TrainResult = await train({ steps: 2 });
  const loss: number = result.epochs.at(-1)?.train_loss ?? Number.NaN;
  console.log(model.definition.source, count, loss);
}
void main();
`;

/**
 * Runs `body` with a new folder as the installed nnc's temporary directory, where it keeps its caches (removed
 * afterwards): `nnc(args)` runs the project's nnc with it, `modules` is its folder of generated modules.
 */
function withOwnTemp(
  project: Project,
  body: (temp: { dir: string; modules: string; nnc: (args: string[]) => SpawnSyncReturns<string> }) => void,
): void {
  const dir = mkdtempSync(join(tmpdir(), "nnc-tmpdir-"));
  try {
    const bin = join(project.dir, "node_modules/.bin/nnc");
    const nnc = (args: string[]) => project.run(process.execPath, [bin, ...args], { env: { TMPDIR: dir } });
    body({ dir, modules: join(dir, `nnc-modules-${process.getuid!()}`), nnc });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The entry folders of the module cache `modules` that hold `file`. */
function moduleEntries(modules: string, file = "model.nn.js"): string[] {
  if (!existsSync(modules)) return [];
  return readdirSync(modules)
    .map((name) => join(modules, name))
    .filter((entry) => existsSync(join(entry, file)));
}

/** Runs `body` with the project's xor.nn computing ReLU instead of tanh (the same parameters), then restores it. */
function withEditedXor(project: Project, body: () => void): void {
  const spec = join(project.dir, "xor.nn");
  const original = readFileSync(spec, "utf8");
  writeFileSync(spec, original.replace(/^  tanh$/m, "  relu"));
  try {
    body();
  } finally {
    writeFileSync(spec, original);
  }
}

function lastJson(stdout: string): { parameters: number; steps: number; first: number; last: number } {
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "null");
}

let tarball: string;

beforeAll(() => {
  tarball = packedTarball();
}, 300_000);

describe("the tarball", () => {
  it("ships compiled JavaScript and declarations, and no TypeScript sources", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toContain("package/bin/nnc.js");
    expect(files).toContain("package/dist/cli/main.js");
    expect(files).toContain("package/dist/cli-bundle/nnc.js");
    expect(files).toContain("package/dist/runtime/index.d.ts");
    expect(files).toContain("package/dist/report/write.js");
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("does not depend on tsx at run time", () => {
    const manifest = JSON.parse(execFileSync("tar", ["xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
    expect(Object.keys(manifest.dependencies)).not.toContain("typescript");
  });
});

describe("installed in a fresh CommonJS project (npm init -y)", () => {
  let project: Project;
  beforeAll(() => {
    project = freshProject(tarball, { extra: ["@types/node@20"] });
    copyIntoProject(project, { ...XOR, ...SPIRAL });
  }, 600_000);
  afterAll(() => project?.remove(), 120_000);

  it("nnc --version prints the package version", () => {
    const r = project.nnc(["--version"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(version);
  });

  it("nnc --help lists the commands", () => {
    const r = project.nnc(["--help"]);
    expect(r.status).toBe(0);
    for (const command of ["check", "compile", "train", "eval", "doctor", "lr-find", "lsp"])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
  });

  it("nnc check reports a clean spec and its parameter count", () => {
    const r = project.nnc(["check", "xor.nn"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/total parameters: 22\b/);
  });

  it("nnc check of a spec with an error exits 1 with file:line:col", () => {
    writeFileSync(join(project.dir, "bad.nn"), readFileSync(join(project.dir, "xor.nn"), "utf8").replace("sgd(", "sgdd("));
    const r = project.nnc(["check", "bad.nn"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/bad\.nn:\d+:\d+: error NN\d+: unknown optimizer `sgdd`/);
  });

  it("nnc train trains, writes a checkpoint and a report, and the loss falls", () => {
    const r = project.nnc(["train", "xor.nn", "--out", "runs/xor", "--no-progress"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(existsSync(join(project.dir, "runs/xor/checkpoint.safetensors"))).toBe(true);
    expect(existsSync(join(project.dir, "runs/xor/report.html"))).toBe(true);
    const metrics = JSON.parse(readFileSync(join(project.dir, "runs/xor/metrics.json"), "utf8")) as { epochs: { train_loss: number }[] };
    expect(metrics.epochs.at(-1)!.train_loss).toBeLessThan(metrics.epochs[0].train_loss / 10);
  });

  // (A data-parallel worker that fails to start is not reported today: its shards run on the training
  // thread; so this checks that the installed package runs the configuration, not that the workers worked.)
  it("nnc train --threads 2 runs the data-parallel configuration", () => {
    const r = project.nnc(["train", "sweep/spiral.nn", "--epochs", "2", "--threads", "2", "--out", "runs/spiral", "--no-progress"]);
    expect(r.stderr).not.toMatch(/internal error|failed to start/i);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("2 data-parallel threads");
  });

  it("nnc kfold --workers 2 runs its trials on worker threads (a worker entry that cannot start fails the command)", () => {
    const r = project.nnc(["kfold", "sweep/spiral.nn", "--folds", "2", "--epochs", "1", "--workers", "2", "--json"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"folds"');
  });

  it("nnc eval scores the trained checkpoint", () => {
    const r = project.nnc(["eval", "xor.nn", "--checkpoint", "runs/xor/checkpoint.safetensors", "--set", "train", "--json"]);
    expect(r.status).toBe(0);
    const scored = JSON.parse(r.stdout) as { n: number; accuracy: number };
    expect(scored.n).toBe(4);
    expect(scored.accuracy).toBe(1);
  });

  // An installed nnc imports the module an earlier command generated for the same spec (cli/spec-module.ts), so a
  // second `nnc eval` or `nnc predict` skips the code generator; an edited spec must never run the old module.
  it("nnc eval of an unchanged spec reuses its generated module, and an edited spec is compiled again", () => {
    withOwnTemp(project, ({ nnc, modules }) => {
      const evalXor = () => nnc(["eval", "xor.nn", "--checkpoint", "runs/xor/checkpoint.safetensors", "--set", "train", "--json"]);
      const first = evalXor();
      expect(first.status, first.stderr).toBe(0);
      expect(moduleEntries(modules)).toHaveLength(1);
      const [entry] = moduleEntries(modules);
      const module = join(entry, "model.nn.js");
      const written = statSync(module);

      const second = evalXor();
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(moduleEntries(modules)).toEqual([entry]);
      expect([statSync(module).ino, statSync(module).mtimeMs]).toEqual([written.ino, written.mtimeMs]);

      // The same parameters through ReLU instead of tanh, in the same file: the edited spec's own module must score it.
      withEditedXor(project, () => {
        const edited = evalXor();
        expect(edited.status, edited.stderr).toBe(0);
        expect(moduleEntries(modules)).toHaveLength(2);
        expect((JSON.parse(edited.stdout) as { loss: number }).loss).not.toBe((JSON.parse(first.stdout) as { loss: number }).loss);
      });
    });
  });

  // nnc train keeps each run folder's module in the same cache (keyed also by the run folder, which the code names
  // project files relative to) and copies it in, so a second run of an unchanged spec skips the code generator.
  it("nnc train of an unchanged spec copies its cached module into the run folder, and an edited spec is compiled again", () => {
    withOwnTemp(project, ({ nnc, modules }) => {
      const train = (out: string) => nnc(["train", "xor.nn", "--out", out, "--no-progress"]);
      const entries = () => moduleEntries(modules, "model.nn.ts");
      const runFile = (out: string, name: string) => readFileSync(join(project.dir, out, name), "utf8");

      const first = train("runs/reused");
      expect(first.status, first.stderr).toBe(0);
      expect(entries()).toHaveLength(1);
      const [entry] = entries();
      const written = statSync(join(entry, "model.nn.js"));
      const firstModule = runFile("runs/reused", "model.nn.ts");

      const second = train("runs/reused");
      expect(second.status, second.stderr).toBe(0);
      expect(entries()).toEqual([entry]);
      const reread = statSync(join(entry, "model.nn.js"));
      expect([reread.ino, reread.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
      for (const name of ["model.nn.ts", "model.nn.js"]) expect(runFile("runs/reused", name)).toBe(readFileSync(join(entry, name), "utf8"));
      expect(existsSync(join(project.dir, "runs/reused/report.html"))).toBe(true);

      // Another run folder has its own entry.
      const elsewhere = train("runs/elsewhere");
      expect(elsewhere.status, elsewhere.stderr).toBe(0);
      expect(entries()).toHaveLength(2);

      // ReLU instead of tanh in the same file, trained into the same folder: the folder must get the edited spec's module.
      withEditedXor(project, () => {
        const edited = train("runs/reused");
        expect(edited.status, edited.stderr).toBe(0);
        expect(entries()).toHaveLength(3);
        const editedModule = runFile("runs/reused", "model.nn.ts");
        expect(editedModule).not.toBe(firstModule);
        expect(editedModule).toMatch(/relu/i);
      });
    });
  });

  // The doctor's float64 copy and the trials of kfold (sweep, bagging, ensembles) go through the same cache.
  it("nnc doctor and nnc kfold run again without generating their modules again", () => {
    withOwnTemp(project, ({ nnc, modules }) => {
      const written = () =>
        Object.fromEntries(
          moduleEntries(modules).map((entry) => {
            const module = statSync(join(entry, "model.nn.js"));
            return [entry, `${module.ino}@${module.mtimeMs}`];
          }),
        );
      for (const args of [
        ["doctor", "xor.nn", "--only", "gradients"],
        ["kfold", "xor.nn", "--folds", "2", "--epochs", "2", "--workers", "2", "--json"],
      ]) {
        const before = written();
        const first = nnc(args);
        expect(first.status, first.stderr).toBe(0);
        const generated = written();
        expect(Object.keys(generated).length, args[0]).toBeGreaterThan(Object.keys(before).length);
        const second = nnc(args);
        expect(second.status, second.stderr).toBe(0);
        expect(written(), args[0]).toEqual(generated);
      }
    });
  });

  // cli/cache-age.ts: every edited spec, trial and run folder adds an entry, so unused ones must go.
  it("the module cache removes entries unused for 30 days when it writes one, and keeps the ones in use", () => {
    withOwnTemp(project, ({ nnc, modules }) => {
      const evalXor = () => nnc(["eval", "xor.nn", "--checkpoint", "runs/xor/checkpoint.safetensors", "--set", "train"]);
      mkdirSync(modules, { mode: 0o700 });
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      const entry = (name: string, days: number) => {
        mkdirSync(join(modules, name));
        writeFileSync(join(modules, name, "model.nn.js"), "export {};\n");
        utimesSync(join(modules, name), daysAgo(days), daysAgo(days));
      };
      entry("unused-for-40-days", 40);
      entry("used-20-days-ago", 20);

      const first = evalXor();
      expect(first.status, first.stderr).toBe(0);
      const entries = readdirSync(modules).sort();
      expect(entries).not.toContain("unused-for-40-days");
      expect(entries).toContain("used-20-days-ago");
      const generated = entries.filter((e) => !e.startsWith("used-"));
      expect(generated).toHaveLength(1);

      // An entry last used 29 days ago and used now is not one to remove tomorrow.
      const module = join(modules, generated[0]);
      utimesSync(module, daysAgo(29), daysAgo(29));
      const second = evalXor();
      expect(second.status, second.stderr).toBe(0);
      expect(Date.now() - statSync(module).mtimeMs).toBeLessThan(86_400_000);
    });
  });

  // cli/private-cache.ts: a shared folder others can write is not used; the folder used instead goes with its process,
  // also with the threads of kfold's pool.
  it("with a module cache folder others can write, commands use a folder of their own and leave none behind", () => {
    withOwnTemp(project, ({ dir, nnc, modules }) => {
      mkdirSync(modules);
      chmodSync(modules, 0o777);
      for (const args of [
        ["eval", "xor.nn", "--checkpoint", "runs/xor/checkpoint.safetensors", "--set", "train"],
        ["kfold", "xor.nn", "--folds", "2", "--epochs", "2", "--workers", "2", "--json"],
      ]) {
        const r = nnc(args);
        expect(r.status, r.stderr).toBe(0);
        expect(readdirSync(modules), args[0]).toEqual([]);
        expect(
          readdirSync(dir).filter((name) => name.startsWith("nnc-modules-") && join(dir, name) !== modules),
          args[0],
        ).toEqual([]);
      }
    });
  });

  // The command runs as a bundle (dist/cli-bundle/) and the generated module imports the per-file runtime; an error
  // the runtime throws must still be one the command recognises, so it prints the path and no stack.
  it("nnc eval of a file that is not a checkpoint names it in a checkpoint error", () => {
    writeFileSync(join(project.dir, "runs/garbage.safetensors"), "not a checkpoint\n");
    const r = project.nnc(["eval", "xor.nn", "--checkpoint", "runs/garbage.safetensors", "--set", "train"]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/^nnc: checkpoint error: .*garbage\.safetensors: /m);
  });

  it("nnc eval of a spec whose data file is missing names the file in a data error", () => {
    writeFileSync(
      join(project.dir, "nodata.nn"),
      readFileSync(join(project.dir, "xor.nn"), "utf8").replace("data/xor.csv", "data/missing.csv"),
    );
    const r = project.nnc(["eval", "nodata.nn", "--checkpoint", "runs/xor/checkpoint.safetensors", "--set", "train"]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/^nnc: data error: .*missing\.csv: file not found$/m);
  });

  it("nnc doctor runs its checks (initial loss near ln 2, gradient check)", () => {
    const r = project.nnc(["doctor", "xor.nn", "--only", "loss,gradients"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\[PASS\] initial loss/);
    expect(r.stdout).toMatch(/\[PASS\] float64 gradient check of 22 elements/);
  });

  it("nnc lr-find writes its curve and plot", () => {
    const r = project.nnc(["lr-find", "xor.nn", "--iterations", "20", "--out", "runs/lr"]);
    expect(r.status).toBe(0);
    for (const f of ["lr-find.json", "lr-find.svg", "lr-find.png"]) expect(existsSync(join(project.dir, "runs/lr", f))).toBe(true);
  });

  it("nnc compile writes the module and the declaration shim", () => {
    const r = project.nnc(["compile", "xor.nn"]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(project.dir, "xor.nn.ts"), "utf8")).toContain('from "nnc/runtime"');
    expect(existsSync(join(project.dir, "xor.d.nn.ts"))).toBe(true);
  });

  // cli/code-cache.ts: V8's code for ts-morph's TypeScript and prettier, kept in the user's cache folder between runs.
  it("nnc compile keeps the code generator's compiled code, reuses it, and recovers from a damaged entry", () => {
    withOwnTemp(project, ({ nnc, dir }) => {
      const compileXor = (out: string) => nnc(["compile", "xor.nn", "-o", out]);
      const root = join(dir, `nnc-code-cache-${process.getuid!()}`);
      const entries = () => readdirSync(root).flatMap((v8) => readdirSync(join(root, v8)).map((e) => join(root, v8, e)));
      const first = compileXor("first.nn.ts");
      expect(first.status, first.stderr).toBe(0);
      const kept = entries();
      // TypeScript alone is megabytes of compiled code.
      const sizes = kept.map((e) => statSync(e).size);
      expect(Math.max(...sizes)).toBeGreaterThan(1_000_000);
      const written = kept.map((e) => statSync(e).mtimeMs);

      const second = compileXor("second.nn.ts");
      expect(second.status, second.stderr).toBe(0);
      expect(readFileSync(join(project.dir, "second.nn.ts"), "utf8")).toBe(readFileSync(join(project.dir, "first.nn.ts"), "utf8"));
      // V8 took every entry (a rejected one would have been written again).
      expect(entries().map((e) => statSync(e).mtimeMs)).toEqual(written);

      const largest = kept[sizes.indexOf(Math.max(...sizes))];
      writeFileSync(largest, Buffer.alloc(4096, 7));
      const third = compileXor("third.nn.ts");
      expect(third.status, third.stderr).toBe(0);
      expect(readFileSync(join(project.dir, "third.nn.ts"), "utf8")).toBe(readFileSync(join(project.dir, "first.nn.ts"), "utf8"));
      // Rejected by V8 and written again whole.
      expect(statSync(largest).size).toBeGreaterThan(1_000_000);
    });
  });

  it("nnc compile --target pytorch writes the training script (its Python templates ship in the package)", () => {
    const r = project.nnc(["compile", "xor.nn", "--target", "pytorch", "-o", "train.py"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(project.dir, "train.py"), "utf8")).toMatch(/^import torch$/m);
  });

  it("nnc lsp --stdio publishes diagnostics for an opened spec", async () => {
    const child = spawn(process.execPath, [join(project.dir, "node_modules/.bin/nnc"), "lsp", "--stdio"], {
      cwd: project.dir,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const connection = createProtocolConnection(child.stdout, child.stdin);
    try {
      const published = new Promise<PublishDiagnosticsParams>((res) => connection.onNotification("textDocument/publishDiagnostics", res));
      connection.onRequest("workspace/configuration", () => [null]);
      connection.onRequest("client/registerCapability", () => null);
      connection.listen();
      await connection.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(project.dir).href, capabilities: {} });
      await connection.sendNotification("initialized", {});
      const text = readFileSync(join(project.dir, "bad.nn"), "utf8");
      await connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: pathToFileURL(join(project.dir, "bad.nn")).href, languageId: "nn", version: 1, text },
      });
      expect((await published).diagnostics.map((d) => d.message)).toContain("unknown optimizer `sgdd`; did you mean `sgd`?");
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it("import('nnc/runtime') works from a plain .mjs file", () => {
    writeFileSync(
      join(project.dir, "runtime.mjs"),
      'const rt = await import("nnc/runtime");\nconsole.log(typeof rt.Rng, typeof rt.runTraining, new rt.Rng(7).int(100) >= 0);\n',
    );
    const r = project.run(process.execPath, ["runtime.mjs"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function function true");
  });

  it("node --import nnc/register runs a JavaScript app that imports a .nn spec", () => {
    writeFileSync(join(project.dir, "app.mjs"), APP_JS);
    const r = project.run(process.execPath, ["--import", "nnc/register", "app.mjs"]);
    expect(r.stderr).toBe("");
    const out = lastJson(r.stdout);
    expect(out.parameters).toBe(22);
    expect(out.steps).toBe(40);
    expect(out.last).toBeLessThan(out.first);
  });

  it("node --import nnc/register app.ts without tsx says what to install", () => {
    writeFileSync(join(project.dir, "app.ts"), APP_TS);
    const r = project.run(process.execPath, ["--import", "nnc/register", "app.ts"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${join(project.dir, "app.ts")} is TypeScript`);
    expect(r.stderr).toContain("npm install --save-dev tsx");
  });

  it("the generated module type-checks under strict in the consumer's project (bundler resolution)", () => {
    writeFileSync(join(project.dir, "consumer.ts"), CONSUMER_TS);
    writeFileSync(
      join(project.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "preserve",
          moduleResolution: "bundler",
          target: "es2022",
          skipLibCheck: true,
          allowArbitraryExtensions: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    const r = project.run(process.execPath, [tsc, "-p", "."]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("with tsx installed, node --import nnc/register app.ts runs (as an ES module, though the package is CommonJS)", () => {
    const install = project.run("npm", ["install", "--save-dev", "tsx"], { timeout: 300_000 });
    expect(install.status, install.stderr).toBe(0);
    const r = project.run(process.execPath, ["--import", "nnc/register", "app.ts"]);
    expect(r.stderr).toBe("");
    const out = lastJson(r.stdout);
    expect(out.steps).toBe(40);
    expect(out.last).toBeLessThan(out.first);
  });
});

describe("installed in a fresh ES module project", () => {
  let project: Project;
  beforeAll(() => {
    project = freshProject(tarball, { type: "module", extra: ["@types/node@20"] });
    copyIntoProject(project, XOR);
  }, 600_000);
  afterAll(() => project?.remove(), 120_000);

  it("nnc check and nnc train work", () => {
    expect(project.nnc(["check", "xor.nn"]).status).toBe(0);
    const r = project.nnc(["train", "xor.nn", "--steps", "50", "--out", "runs/xor", "--no-progress"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
  });

  it("import 'nnc/runtime' works from a plain .js file", () => {
    writeFileSync(join(project.dir, "runtime.js"), 'import { Rng } from "nnc/runtime";\nconsole.log(new Rng(1).int(10) < 10);\n');
    const r = project.run(process.execPath, ["runtime.js"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("true");
  });

  it("nnc/grammar and nnc/compiler parse, check, summarize and format a spec from plain JavaScript", () => {
    const program = [
      'import { readFileSync } from "node:fs";',
      'import { check, hasErrors, summarize } from "nnc/compiler";',
      'import { formatSource, parse } from "nnc/grammar";',
      'const text = readFileSync("xor.nn", "utf8");',
      "const parsed = parse(text);",
      'const result = check(parsed.file, { source: "xor.nn", baseDir: "." });',
      "console.log(JSON.stringify({ errors: hasErrors([...parsed.diagnostics, ...result.diagnostics]), parameters: summarize(result.plan).parameters, formatted: typeof formatSource(text).output }));",
    ].join("\n");
    writeFileSync(join(project.dir, "tools.js"), program + "\n");
    const r = project.run(process.execPath, ["tools.js"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ errors: false, parameters: 22, formatted: "string" });
  });

  it("nnc/compiler's front door: analyze() and compile() (TypeScript and PyTorch) from plain JavaScript", () => {
    const program = [
      'import { readFileSync } from "node:fs";',
      'import { analyze, compile } from "nnc/compiler";',
      'const text = readFileSync("xor.nn", "utf8");',
      'const options = { source: "xor.nn", baseDir: "." };',
      "const analysis = analyze(text, options);",
      "const ts = await compile(text, options);",
      'const py = await compile(text, { ...options, target: "pytorch" });',
      'const broken = analyze(text.replace("dense(4)", "dense(4"), options);',
      "console.log(JSON.stringify({",
      "  errors: analysis.hasErrors,",
      "  layers: analysis.layers.map((l) => `${l.name} ${l.outputShape.join('x')} ${l.parameters}`),",
      "  ts: ts.code.includes('from \"nnc/runtime\"'),",
      '  py: py.code.includes("import torch"),',
      "  broken: [broken.hasErrors, broken.plan === undefined, broken.file.kind],",
      "}));",
    ].join("\n");
    writeFileSync(join(project.dir, "front-door.mjs"), program + "\n");
    const r = project.run(process.execPath, ["front-door.mjs"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      errors: false,
      layers: ["hidden 4 12", "tanh1 4 0", "out 2 10"],
      ts: true,
      py: true,
      broken: [true, true, "File"],
    });
  });

  it("the generated module type-checks under strict with NodeNext resolution, nnc's declarations included (no skipLibCheck)", () => {
    expect(project.nnc(["compile", "xor.nn"]).status).toBe(0);
    writeFileSync(join(project.dir, "consumer.ts"), CONSUMER_TS);
    writeFileSync(
      join(project.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "nodenext",
          target: "es2022",
          allowArbitraryExtensions: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    const r = project.run(process.execPath, [tsc, "-p", "."]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
