/**
 * B1 in a browser: one Fashion-MNIST epoch of bench/b1-mlp.nn trained in headless Chromium (Debian's
 * package, driven by playwright-core), beside the same epoch in this Node process, with the ratio. The page
 * is a Vite build with the nnc plugin (the IDX files become assets it fetches); training runs in a Web
 * Worker, on one thread, and on two data-parallel threads when the page is served cross-origin isolated.
 * Each figure is the best of `repeats` epochs, timed around `trainModel` only (data loaded beforehand).
 *
 * `node bin/run-ts.js bench/browser.ts` runs it alone; bench/run.ts adds its row to the suite's table.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { nnc } from "../vite/plugin.ts";
import { loadSpecModule } from "../cli/spec-module.ts";
import { launchChromium, serveStatic } from "../test/browser/harness.ts";

const root = resolve(import.meta.dirname, "..");

export interface BrowserB1 {
  /** Best epoch (ms, wall) per thread count, in Chromium and in Node. */
  readonly chromium: Record<number, number>;
  readonly node: Record<number, number>;
  readonly reasons: Record<number, string>;
  readonly repeats: number;
  readonly loadAverage: number[];
}

const WORKER = `
import { trainModel } from "nnc/runtime";
import { createModel, loadData } from "./b1-mlp.nn";
let data;
self.onmessage = async (e) => {
  try {
    data ??= await loadData();
    const model = createModel();
    const t0 = performance.now();
    const r = await trainModel(model, data, { epochs: 1, threads: e.data.threads });
    postMessage({ ms: performance.now() - t0, reason: r.threads.reason, loss: r.epochs[0].train_loss });
  } catch (err) {
    postMessage({ error: String(err && err.stack || err) });
  }
};
`;

const MAIN = `
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
window.epoch = (threads) => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage({ threads }); });
`;

/** Builds the page into a temporary folder; returns its dist/. */
async function buildPage(): Promise<{ dir: string; dist: string }> {
  const dir = mkdtempSync(join(tmpdir(), "nnc-bench-browser-"));
  copyFileSync(join(root, "bench/b1-mlp.nn"), join(dir, "b1-mlp.nn"));
  writeFileSync(join(dir, "worker.js"), WORKER);
  writeFileSync(join(dir, "main.js"), MAIN);
  writeFileSync(join(dir, "index.html"), `<!doctype html><script type="module" src="./main.js"></script>\n`);
  // The IDX files are outside the page's folder: Vite copies them into the build as assets.
  await build({
    root: dir,
    configFile: false,
    logLevel: "silent",
    plugins: [nnc({ runtimeImport: "nnc/runtime" })],
    resolve: { conditions: ["nnc-source", "module", "browser", "production"], alias: { "nnc/runtime": join(root, "runtime/browser.ts") } },
    server: { fs: { strict: false } },
    build: { assetsInlineLimit: 0 },
  });
  return { dir, dist: join(dir, "dist") };
}

export async function browserB1(options: { repeats: number; threads: readonly number[]; log: (s: string) => void }): Promise<BrowserB1> {
  const { log } = options;
  const chromium: Record<number, number> = {};
  const node: Record<number, number> = {};
  const reasons: Record<number, string> = {};
  const { module } = await loadSpecModule(join(root, "bench/b1-mlp.nn"));
  const data = await module.loadData();
  for (const threads of options.threads) {
    for (let r = 0; r < options.repeats; r++) {
      const t0 = performance.now();
      const result = await module.train({ epochs: 1, data, threads });
      const ms = performance.now() - t0;
      node[threads] = Math.min(node[threads] ?? Infinity, ms);
      log(`B1 Node, ${threads} thread(s): ${(ms / 1000).toFixed(2)} s (${result.threads.reason})`);
    }
  }
  const { dir, dist } = await buildPage();
  const browser = await launchChromium();
  try {
    for (const threads of options.threads) {
      const server = await serveStatic(dist, threads > 1);
      try {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/`);
        await page.waitForFunction("typeof window.epoch === 'function'");
        for (let r = 0; r < options.repeats; r++) {
          const out = (await page.evaluate(`window.epoch(${threads})`)) as { ms?: number; reason?: string; error?: string };
          if (out.error !== undefined || out.ms === undefined) throw new Error(`the page failed: ${out.error}`);
          chromium[threads] = Math.min(chromium[threads] ?? Infinity, out.ms);
          reasons[threads] = out.reason ?? "";
          log(`B1 Chromium, ${threads} thread(s): ${(out.ms / 1000).toFixed(2)} s (${out.reason})`);
        }
        await page.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { chromium, node, reasons, repeats: options.repeats, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const r = await browserB1({ repeats: 2, threads: [1, 2], log: (s) => process.stderr.write(s + "\n") });
  for (const t of Object.keys(r.chromium).map(Number)) {
    console.log(
      `B1 epoch, ${t} thread(s): Chromium ${(r.chromium[t] / 1000).toFixed(2)} s, Node ${(r.node[t] / 1000).toFixed(2)} s, Chromium/Node ${(r.chromium[t] / r.node[t]).toFixed(2)}× (best of ${r.repeats}; load ${r.loadAverage.join(" ")})`,
    );
  }
}
