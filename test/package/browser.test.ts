/**
 * examples/browser as a user builds it: a copy of the app outside this clone installs the packed tarball
 * (and Vite from the registry), `npm run build` runs plain `vite build` with the app's own vite.config.ts,
 * and headless Chromium trains the built page: the loss falls and the accuracy rises, on one thread and on
 * Web Workers when the page is served cross-origin isolated. Nothing of this machine's paths is in the bundle.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium, serveStatic } from "../browser/harness.ts";
import { trainInPage } from "../browser/page.ts";
import { packedTarball, repoRoot } from "./tarball.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const SLOW = 600_000;

describe.skipIf(!haveChromium)("examples/browser built against the tarball", () => {
  const app = join(mkdtempSync(join(tmpdir(), "nnc-browser-app-")), "app");
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const tarball = packedTarball();
    const example = join(repoRoot, "examples/browser");
    cpSync(example, app, { recursive: true, filter: (p) => !/node_modules|dist|\.nn\.ts$/.test(p.slice(example.length)) });
    // PATH without this clone's node_modules/.bin: nothing of the clone may leak into the build.
    const env = {
      ...process.env,
      PATH: (process.env.PATH ?? "")
        .split(":")
        .filter((p) => !p.startsWith(repoRoot))
        .join(":"),
      NODE_OPTIONS: "",
      npm_config_audit: "false",
      npm_config_fund: "false",
    };
    const run = (args: string[]) => {
      const r = spawnSync(npm, args, { cwd: app, encoding: "utf8", env, timeout: SLOW });
      if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
      return r;
    };
    run(["pkg", "set", `devDependencies.nnc=file:${tarball}`]);
    run(["install"]);
    run(["run", "build"]);
    browser = await launchChromium();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    rmSync(join(app, ".."), { recursive: true, force: true });
  });

  it("bundles no Node module, no tsx and no path of this machine", () => {
    const dist = join(app, "dist");
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
    const text = files(dist)
      .filter((f) => /\.(js|html)$/.test(f))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(text).not.toMatch(/__vite-browser-external|from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    expect(text).not.toMatch(/tsx\/esm|tsx\/dist/);
    expect(text).not.toContain(app);
    expect(text).not.toContain(repoRoot);
  });

  it(
    "trains in headless Chromium: the loss falls and the accuracy rises",
    async () => {
      const server = await serveStatic(join(app, "dist"), false);
      try {
        const page = await trainInPage(browser.context, `${server.url}/?epochs=30`);
        expect(page.lossLast).toBeLessThan(page.lossFirst * 0.5);
        expect(page.accuracyLast).toBeGreaterThan(page.accuracyFirst + 0.2);
        expect(page.threads).toMatch(/^1: 1 thread/);
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "trains on Web Workers when served cross-origin isolated",
    async () => {
      const server = await serveStatic(join(app, "dist"), true);
      try {
        const page = await trainInPage(browser.context, `${server.url}/?threads=2&epochs=30&takeBack=0`);
        expect(page.threads).toMatch(/^2: 2 data-parallel threads/);
        expect(page.workerShards).toBeGreaterThan(0);
        expect(page.lossLast).toBeLessThan(page.lossFirst * 0.5);
        expect(page.accuracyLast).toBeGreaterThan(page.accuracyFirst + 0.2);
      } finally {
        await server.close();
      }
    },
    SLOW,
  );
});
