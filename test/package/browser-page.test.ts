/**
 * nnc in a browser page without a bundler, as docs/browser.md describes it: in a fresh project that
 * installed the tarball, `nnc compile` writes the spec's module, a TypeScript stripper makes it JavaScript
 * (esbuild here; any will do), an import map points `nnc/runtime` at the package's browser runtime, and
 * `await train()` in the page fetches the data file beside the module and trains.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium, serveStatic } from "../browser/harness.ts";
import { freshProject, packedTarball, repoRoot, type Project } from "./tarball.ts";

const PAGE = `<!doctype html>
<script type="importmap">
  { "imports": { "nnc/runtime": "/node_modules/nnc/dist/runtime/browser.js", "@noble/hashes/": "/node_modules/@noble/hashes/" } }
</script>
<p id="status">training</p>
<script type="module">
  import { train } from "./spiral.nn.js";
  const status = document.getElementById("status");
  try {
    const result = await train({ epochs: 20 });
    status.dataset.losses = JSON.stringify(result.epochs.map((e) => e.train_loss));
    status.dataset.accuracies = JSON.stringify(result.epochs.map((e) => e.train_accuracy));
    status.textContent = "done";
  } catch (e) {
    status.textContent = "error: " + e.message;
  }
</script>
`;

describe.skipIf(!haveChromium)("a page without a bundler", () => {
  let project: Project;
  beforeAll(() => {
    project = freshProject(packedTarball());
    const example = join(repoRoot, "examples/browser/src");
    copyFileSync(join(example, "spiral.nn"), join(project.dir, "spiral.nn"));
    mkdirSync(join(project.dir, "data"));
    copyFileSync(join(example, "data/spiral.csv"), join(project.dir, "data/spiral.csv"));
    const compiled = project.nnc(["compile", "spiral.nn"]);
    if (compiled.status !== 0) throw new Error(`nnc compile failed: ${compiled.stderr}`);
    const ts = readFileSync(join(project.dir, "spiral.nn.ts"), "utf8");
    writeFileSync(join(project.dir, "spiral.nn.js"), transformSync(ts, { loader: "ts", format: "esm" }).code);
    writeFileSync(join(project.dir, "index.html"), PAGE);
  }, 600_000);
  afterAll(() => project?.remove());

  it("trains the compiled module with await train(), the runtime mapped by an import map", async () => {
    const server = await serveStatic(project.dir, false);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(`document.getElementById("status").textContent !== "training"`, undefined, { timeout: 120_000 });
      expect(await page.evaluate(`document.getElementById("status").textContent`)).toBe("done");
      const losses = JSON.parse((await page.evaluate(`document.getElementById("status").dataset.losses`)) as string) as number[];
      const accuracies = JSON.parse((await page.evaluate(`document.getElementById("status").dataset.accuracies`)) as string) as number[];
      expect(losses).toHaveLength(20);
      expect(losses[19]).toBeLessThan(losses[0] * 0.5);
      expect(accuracies[19]).toBeGreaterThan(accuracies[0] + 0.2);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 300_000);
});
