/**
 * Importing a `.nn` spec from TypeScript: through the Node loader hook (`node --import nnc/register`),
 * the example project trains a few steps; a spec with errors fails the import with diagnostics that
 * point at the `.nn` file. Through the Vite plugin, the same import works in a Vite server.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
/**
 * In this repository `nnc/register` and `nnc/runtime` resolve to the sources through package.json's
 * "nnc-source" condition (the default conditions name the built dist/, which a clone need not have);
 * test/package/ runs the same imports against the built, installed package.
 */
const SOURCE_CONDITION = "--conditions=nnc-source";

function scratch(): string {
  mkdirSync(join(root, "tmp"), { recursive: true });
  return mkdtempSync(join(root, "tmp", "register-"));
}

describe("node --import nnc/register", () => {
  it("runs the example project, which imports xor.nn and trains it for a few steps", () => {
    const r = spawnSync(process.execPath, [SOURCE_CONDITION, "--import", "nnc/register", "examples/ts-import/train.ts", "30"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout.trim().split("\n").pop()!) as { steps: number; firstLoss: number; lastLoss: number };
    expect(result.steps).toBe(30);
    expect(result.lastLoss).toBeLessThan(result.firstLoss);
  });

  it("fails the import of a spec with errors, pointing at the line in the .nn file", () => {
    const dir = scratch();
    const spec = readFileSync(join(root, "examples/ts-import/xor.nn"), "utf8")
      .replace("../data/xor.csv", join(root, "examples/data/xor.csv"))
      .replace("sgd(", "sgdd(");
    writeFileSync(join(dir, "bad.nn"), spec);
    writeFileSync(join(dir, "app.ts"), 'import { train } from "./bad.nn";\ntrain({ steps: 1 });\n');
    const r = spawnSync(process.execPath, [SOURCE_CONDITION, "--import", "nnc/register", join(dir, "app.ts")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const line = spec.split("\n").findIndex((l) => l.includes("sgdd")) + 1;
    expect(r.stderr).toContain(`${join(dir, "bad.nn")}:${line}:15: error NN2002: unknown optimizer \`sgdd\`; did you mean \`sgd\`?`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to import a spec that is a named pipe, with the reason, instead of blocking on it", () => {
    const dir = scratch();
    execFileSync("mkfifo", [join(dir, "pipe.nn")]);
    writeFileSync(join(dir, "app.ts"), 'import { train } from "./pipe.nn";\ntrain({ steps: 1 });\n');
    const r = spawnSync(process.execPath, [SOURCE_CONDITION, "--import", "nnc/register", join(dir, "app.ts")], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.signal).toBeNull(); // not killed by the timeout: the read did not block
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`cannot import ${join(dir, "pipe.nn")}: is a named pipe (FIFO); expected a .nn spec, a regular file`);
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

describe("the Vite plugin", () => {
  it("compiles an imported spec when Vite loads it", async () => {
    const { createServer } = await import("vite");
    const { nnc } = await import("../../vite/plugin.ts");
    const server = await createServer({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [nnc()],
      server: { middlewareMode: true, hmr: false, watch: null },
      appType: "custom",
      // Vite transforms the sources that `nnc/runtime` resolves to here (see SOURCE_CONDITION).
      resolve: { conditions: ["nnc-source"] },
      ssr: { noExternal: ["nnc"], resolve: { conditions: ["nnc-source"] } },
    });
    try {
      const mod = (await server.ssrLoadModule("/examples/ts-import/xor.nn")) as {
        PARAMETER_COUNT: number;
        train(o: { steps: number }): { steps: number };
      };
      // 2·4 + 4 weights and biases into the hidden layer, 4·2 + 2 out of it.
      expect(mod.PARAMETER_COUNT).toBe(22);
      expect((await mod.train({ steps: 3 })).steps).toBe(3);
    } finally {
      await server.close();
    }
  });
});
