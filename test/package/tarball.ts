/**
 * The npm tarball as users get it, for tests that install it (test/package/, the browser example's build):
 * `packedTarball()` runs `npm pack` (whose prepack builds dist/) once per state of the shipped sources and
 * returns the .tgz path; `freshProject()` makes an `npm init -y` project that installs it with npm, which
 * fetches nnc's dependencies from the registry as a user's install does.
 *
 * Test files run in parallel processes, and packing rebuilds dist/ in this clone, so packing holds a lock
 * (a directory created atomically) and the tarball is kept in the system temp folder under a hash of
 * everything that goes into it: the second file to ask gets the first one's tarball.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** What the build reads: the shipped source folders, the build configuration and the package manifest. */
const INPUTS = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "scripts/build.ts",
  "scripts/bundle-cli.ts",
  "bin/nnc.js",
  "README.md",
  "docs",
  "grammar",
  "compiler",
  "runtime",
  "cli",
  "lsp",
  "register",
  "vite",
  "report",
];

function inputFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => inputFiles(join(path, e.name)));
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap((p) => inputFiles(join(repoRoot, p)))) {
    hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` holding a lock shared by every test process; a lock left by a dead process is taken over after `staleMs`. */
function withLock<T>(lock: string, work: () => T, staleMs = 300_000): T {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released between the two calls: try again.
      }
      sleep(200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Path of nnc-VERSION.tgz for the current sources, packed (and built) on first call. */
export function packedTarball(): string {
  const name = `nnc-tarball-${sourceHash()}`;
  const folder = join(tmpdir(), name);
  const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
  const tarball = join(folder, `nnc-${version}.tgz`);
  return withLock(join(tmpdir(), "nnc-tarball.lock"), () => {
    if (existsSync(tarball)) return tarball;
    // Tarballs of earlier source states, packed more than an hour ago, are not wanted by any run now.
    for (const old of readdirSync(tmpdir()).filter((n) => n.startsWith("nnc-tarball-") && n !== name)) {
      const path = join(tmpdir(), old);
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    }
    mkdirSync(folder, { recursive: true });
    const partial = mkdtempSync(join(folder, "pack-"));
    execFileSync(npm, ["pack", "--pack-destination", partial, "--silent"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    // Moved into place only when complete, so a reader never sees half a tarball.
    execFileSync("mv", [join(partial, `nnc-${version}.tgz`), tarball]);
    rmSync(partial, { recursive: true, force: true });
    return tarball;
  });
}

export interface Project {
  readonly dir: string;
  /** Runs a command in the project, as a user would at its root; never throws. */
  run(command: string, args: readonly string[], options?: { env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string>;
  /** `npx nnc ARGS…` through the installed package's bin link. */
  nnc(args: readonly string[]): SpawnSyncReturns<string>;
  remove(): void;
}

/**
 * `npm init -y` in a new temporary folder (CommonJS, npm's default, unless `type` says "module"), then
 * `npm install` of the tarball and `extra` packages.
 */
export function freshProject(tarball: string, options: { type?: "module"; extra?: readonly string[] } = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), "nnc-consumer-"));
  // PATH without this clone's node_modules/.bin (vitest puts it there): nothing of the clone may leak in.
  const path = (process.env.PATH ?? "")
    .split(":")
    .filter((p) => !p.startsWith(repoRoot))
    .join(":");
  const env = {
    ...process.env,
    PATH: path,
    NODE_OPTIONS: "",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  const run = (command: string, args: readonly string[], o: { env?: NodeJS.ProcessEnv; timeout?: number } = {}) =>
    spawnSync(command, args, { cwd: dir, encoding: "utf8", env: { ...env, ...o.env }, timeout: o.timeout ?? 120_000 });
  const must = (command: string, args: readonly string[]) => {
    const r = run(command, args, { timeout: 300_000 });
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${dir} (${r.status}):\n${r.stdout}\n${r.stderr}`);
  };
  must(npm, ["init", "-y"]);
  if (options.type === "module") must(npm, ["pkg", "set", "type=module"]);
  must(npm, ["install", tarball, ...(options.extra ?? [])]);
  return {
    dir,
    run,
    nnc: (args) => run(process.execPath, [join(dir, "node_modules", ".bin", "nnc"), ...args]),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Copies files of this repository into a project (same relative paths unless `to` says otherwise). */
export function copyIntoProject(project: Project, files: Readonly<Record<string, string>>): void {
  for (const [to, from] of Object.entries(files)) {
    const target = join(project.dir, to);
    mkdirSync(resolve(target, ".."), { recursive: true });
    writeFileSync(target, readFileSync(join(repoRoot, from)));
  }
}
