/**
 * examples/browser built by Vite with the nnc plugin and trained in headless Chromium: the loss falls and
 * the accuracy rises; on one thread where the page is not cross-origin isolated (saying why), on Web
 * Workers where it is; the page's run gives the numbers Node's `train()` gives; and bad data files fail
 * with the URL and HTTP status, or the CSV line. This checkout's sources are the package here;
 * test/package/browser.test.ts builds the same example with plain `vite build` against the packed tarball.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "vite";
import { nnc } from "../../vite/plugin.ts";
import { loadSpecModule } from "../../cli/spec-module.ts";
import type { TrainResult } from "../../runtime/index.ts";
import { haveChromium, launchChromium, serveStatic } from "./harness.ts";
import { readPage, trainInPage } from "./page.ts";

const repo = resolve(import.meta.dirname, "../..");
const example = join(repo, "examples/browser");
const work = mkdtempSync(join(tmpdir(), "nnc-browser-example-"));
/** Epochs of the runs compared with Node's: enough for the loss to halve. */
const EPOCHS = 30;
/** A busy machine slows the workers' hand-offs (tests pass takeBack=0) by orders of magnitude. */
const SLOW = 240_000;

/** Node's train() of the example's spec, as the page runs it. */
async function nodeRun(threads: number): Promise<TrainResult> {
  const { module } = await loadSpecModule(join(example, "src/spiral.nn"));
  return await module.train({ epochs: EPOCHS, threads });
}

/** A copy of the example whose `nnc` is this checkout, built into its dist/. */
async function buildExample(name: string): Promise<string> {
  const dir = join(work, name);
  cpSync(example, dir, { recursive: true, filter: (p) => !/node_modules|dist/.test(p.slice(example.length)) });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(repo, join(dir, "node_modules", "nnc"));
  // The example's vite.config.ts minus the dev server's headers: the plugin with no options. A clone has
  // no dist/, so `nnc/runtime` resolves to the sources through package.json's "nnc-source" condition.
  await build({
    root: dir,
    configFile: false,
    logLevel: "silent",
    plugins: [nnc()],
    resolve: { conditions: ["nnc-source", "module", "browser", "development|production"] },
  });
  return join(dir, "dist");
}

function bundleText(dist: string): string {
  const files = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
  return files(dist)
    .filter((f) => f.endsWith(".js") || f.endsWith(".html"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

/**
 * The page's losses are Node's: the weights are bit-identical (any difference would grow over the epochs),
 * and the float64 sums of the per-batch losses agree to the last bit or two (the browser's V8 is newer
 * than Node 20's, and its Math.log may round differently in the last place).
 */
function expectSameLosses(page: number[], node: number[]): void {
  expect(page).toHaveLength(node.length);
  page.forEach((loss, i) => expect(Math.abs(loss - node[i])).toBeLessThanOrEqual(1e-14 * Math.abs(node[i])));
}

/** Timings (and who computed which shard) differ from run to run; everything else must agree. */
const TIMING = new Set(["seconds", "samples_per_second", "workerShards", "workerRanges"]);

/** Equal results, numbers as in expectSameLosses, timings aside. */
function expectSameResult(page: unknown, node: unknown, at = "result"): void {
  if (typeof node === "number" && typeof page === "number") {
    expect(Math.abs(page - node), at).toBeLessThanOrEqual(1e-14 * Math.abs(node));
  } else if (node !== null && typeof node === "object") {
    expect(page, at).toBeTypeOf("object");
    const keys = Object.keys(node as object).filter((k) => !TIMING.has(k));
    expect(
      Object.keys(page as object)
        .filter((k) => !TIMING.has(k))
        .sort(),
      at,
    ).toEqual(keys.sort());
    for (const k of keys) expectSameResult((page as Record<string, unknown>)[k], (node as Record<string, unknown>)[k], `${at}.${k}`);
  } else {
    expect(page, at).toEqual(node);
  }
}

describe.skipIf(!haveChromium)("the browser example", () => {
  let dist: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    dist = await buildExample("plain");
    browser = await launchChromium();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("bundles no Node module, no tsx and no path of this machine", () => {
    const text = bundleText(dist);
    expect(text).not.toMatch(/__vite-browser-external|from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    expect(text).not.toMatch(/tsx\/esm|register-ts|tsx\/dist/);
    expect(text).not.toContain(repo);
    expect(text).not.toContain(work);
    // The data file became an asset the page fetches.
    expect(readdirSync(join(dist, "assets")).some((f) => /^spiral-.*\.csv$/.test(f))).toBe(true);
  });

  it(
    "trains on one thread on a page that is not cross-origin isolated, says why, and matches Node's train()",
    async () => {
      const server = await serveStatic(dist, false);
      try {
        const page = await trainInPage(browser.context, `${server.url}/?epochs=${EPOCHS}`);
        expect(page.status).toBe("done");
        expect(page.lossLast).toBeLessThan(page.lossFirst * 0.5);
        expect(page.accuracyLast).toBeGreaterThan(page.accuracyFirst + 0.2);
        expect(page.threads).toMatch(/^1: 1 thread/);
        const node = await nodeRun(1);
        expectSameLosses(
          page.history,
          node.epochs.map((e) => e.train_loss as number),
        );
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "returns from await train() in a page what Node's train() returns",
    async () => {
      const server = await serveStatic(dist, true);
      try {
        const page = await trainInPage(browser.context, `${server.url}/?api=train&epochs=${EPOCHS}&threads=2&takeBack=0`);
        const node = await nodeRun(2);
        expectSameResult(page.result, JSON.parse(JSON.stringify(node)));
        expect((page.result as TrainResult).threads.workerShards).toBeGreaterThan(0);
        // The worker also updated its range of the params, in the page as in Node.
        expect((page.result as TrainResult).threads.workerRanges).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "trains on Web Workers over shared memory on a cross-origin isolated page",
    async () => {
      const server = await serveStatic(dist, true);
      try {
        // takeBack=0: the training thread waits for its worker, so every second shard is the worker's even
        // when this machine is too busy to schedule it promptly (training would compute it itself otherwise).
        const page = await trainInPage(browser.context, `${server.url}/?threads=2&epochs=${EPOCHS}&takeBack=0`);
        expect(page.status).toBe("done");
        expect(page.threads).toMatch(/^2: 2 data-parallel threads/);
        const node = await nodeRun(2);
        expect(page.workerShards).toBeGreaterThan(0);
        expect(page.workerShards).toBeLessThanOrEqual(node.steps);
        expect(page.lossLast).toBeLessThan(page.lossFirst * 0.5);
        expect(page.accuracyLast).toBeGreaterThan(page.accuracyFirst + 0.2);
        // Two threads give the numbers of two threads in Node (a shard's numbers do not depend on its thread).
        expectSameLosses(
          page.history,
          node.epochs.map((e) => e.train_loss as number),
        );
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "asks for threads on a page that is not isolated and is told why it got one",
    async () => {
      const server = await serveStatic(dist, false);
      try {
        const page = await trainInPage(browser.context, `${server.url}/?threads=2&epochs=2&takeBack=0`);
        expect(page.status).toBe("done");
        expect(page.threads).toContain("not cross-origin isolated");
        expect(page.threads).toContain("Cross-Origin-Embedder-Policy: require-corp");
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "names the URL and the HTTP status of a data file the server does not have",
    async () => {
      const broken = join(work, "missing-dist");
      cpSync(dist, broken, { recursive: true });
      const csv = readdirSync(join(broken, "assets")).find((f) => f.endsWith(".csv"))!;
      rmSync(join(broken, "assets", csv));
      const server = await serveStatic(broken, false);
      try {
        const page = await readPage(browser.context, `${server.url}/`);
        expect(page.status).toBe("error");
        expect(page.error).toContain(`${server.url}/assets/${csv}`);
        expect(page.error).toContain("HTTP 404");
      } finally {
        await server.close();
      }
    },
    SLOW,
  );

  it(
    "names the line of a malformed CSV row",
    async () => {
      const broken = join(work, "malformed-dist");
      cpSync(dist, broken, { recursive: true });
      const csv = join(
        broken,
        "assets",
        readdirSync(join(broken, "assets")).find((f) => f.endsWith(".csv"))!,
      );
      const lines = readFileSync(csv, "utf8").split("\n");
      lines[6] = "0.25,oops,1";
      writeFileSync(csv, lines.join("\n"));
      const server = await serveStatic(broken, false);
      try {
        const page = await readPage(browser.context, `${server.url}/`);
        expect(page.status).toBe("error");
        expect(page.error).toMatch(/\/assets\/spiral-[^:]*\.csv:7: column 1: cell "oops" is not a number/);
      } finally {
        await server.close();
      }
    },
    SLOW,
  );
});
