/**
 * The folders nnc reuses across runs under the temporary directory (generated modules, compiled toolchain code) are
 * run from, so nnc must only trust one that no other user can write (cli/private-cache.ts).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheRoot, sharedPrivateFolder } from "../../cli/private-cache.ts";

const uid = process.getuid?.();
let temp: string;
const saved = process.env.TMPDIR;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), "nnc-private-cache-test-"));
  process.env.TMPDIR = temp;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  rmSync(temp, { recursive: true, force: true });
});

describe.skipIf(uid === undefined)("a cache folder under the temporary directory", () => {
  it("is created as the user's own, readable and writable by nobody else", () => {
    const dir = sharedPrivateFolder("nnc-test-a");
    expect(dir).toBe(join(temp, `nnc-test-a-${uid}`));
    const made = lstatSync(dir!);
    expect(made.uid).toBe(uid);
    expect(made.mode & 0o777).toBe(0o700);
    // And found again by the next run.
    expect(sharedPrivateFolder("nnc-test-a")).toBe(dir);
  });

  it("is not trusted when others can write it: the process gets a new private folder of its own instead", () => {
    const planted = join(temp, `nnc-test-b-${uid}`);
    mkdirSync(planted);
    chmodSync(planted, 0o777);
    expect(sharedPrivateFolder("nnc-test-b")).toBeUndefined();
    const root = cacheRoot("nnc-test-b");
    expect(root).not.toBe(planted);
    expect(root.startsWith(join(temp, "nnc-test-b-"))).toBe(true);
    expect(lstatSync(root).mode & 0o777).toBe(0o700);
    expect(cacheRoot("nnc-test-b")).toBe(root);
  });

  it("is not left behind when it was the process's own: the folder goes when the process exits", () => {
    const planted = join(temp, `nnc-test-d-${uid}`);
    mkdirSync(planted);
    chmodSync(planted, 0o777);
    const script = join(temp, "own-folder.mts");
    const module = pathToFileURL(resolve(import.meta.dirname, "../../cli/private-cache.ts")).href;
    writeFileSync(
      script,
      `import { writeFileSync } from "node:fs";\nimport { join } from "node:path";\nimport { cacheRoot } from ${JSON.stringify(module)};\n` +
        `const root = cacheRoot("nnc-test-d");\nwriteFileSync(join(root, "model.nn.js"), "export {};\\n");\nconsole.log(root);\n`,
    );
    const runTs = resolve(import.meta.dirname, "../../bin/run-ts.js");
    const root = execFileSync(process.execPath, [runTs, script], { env: { ...process.env, TMPDIR: temp }, encoding: "utf8" }).trim();
    expect(root.startsWith(join(temp, "nnc-test-d-"))).toBe(true);
    expect(root).not.toBe(planted);
    expect(existsSync(root)).toBe(false);
    expect(existsSync(planted)).toBe(true);
  });

  it("is not trusted when the name is a symbolic link, even to a private folder", () => {
    const elsewhere = mkdtempSync(join(temp, "elsewhere-"));
    symlinkSync(elsewhere, join(temp, `nnc-test-c-${uid}`));
    expect(sharedPrivateFolder("nnc-test-c")).toBeUndefined();
  });
});
