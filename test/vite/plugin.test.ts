/**
 * The Vite plugin's error for a spec with mistakes: Vite shows it (in the dev server's overlay, or as the
 * build's error) with the spec's file, line and column.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, createServer } from "vite";
import { nnc } from "../../vite/plugin.ts";
import { haveChromium, launchChromium } from "../browser/harness.ts";

const BAD_SPEC = `model {\n  input = [2]\n  out: dense(2)\n  loss = cross_entropy()\n}\n\ntrain {\n  optimizer = sgd(lr = 0.1, momentun = 0.9)\n  epochs = 1\n  batch_size = 4\n}\n`;

/** A Vite project whose page imports a spec with a misspelt argument on line 8, column 29. */
function badProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-vite-error-"));
  writeFileSync(join(dir, "index.html"), `<script type="module" src="./main.js"></script>\n`);
  writeFileSync(join(dir, "main.js"), `import { train } from "./bad.nn";\ntrain();\n`);
  writeFileSync(join(dir, "bad.nn"), BAD_SPEC);
  return dir;
}

describe("the Vite plugin", () => {
  it("fails the build of a spec with errors at the spec's file, line and column", async () => {
    const dir = badProject();
    type LocatedError = { message: string; loc?: { file: string; line: number; column: number } };
    const failure = (await build({ root: dir, configFile: false, logLevel: "silent", plugins: [nnc()] }).then(
      () => undefined,
      (e: unknown) => e,
    )) as (LocatedError & { errors?: LocatedError[] }) | undefined;
    expect(failure).toBeDefined();
    // Vite's bundler collects the plugin's errors in `errors`; the dev server passes the plugin's error on as it is.
    expect(failure!.message).toContain(`${join(dir, "bad.nn")}:8:29`);
    const error = failure!.errors?.[0] ?? failure;
    expect(error!.loc).toEqual({ file: join(dir, "bad.nn"), line: 8, column: 29 });
    expect(error!.message).toContain("bad.nn does not compile");
    expect(error!.message).toContain(`${join(dir, "bad.nn")}:8:`);
    expect(error!.message).toMatch(/momentun/);
  });

  it.skipIf(!haveChromium)(
    "shows a spec's errors in the dev server's overlay with file:line:col",
    async () => {
      const dir = badProject();
      const server = await createServer({
        root: dir,
        configFile: false,
        logLevel: "silent",
        plugins: [nnc()],
        server: { host: "127.0.0.1", port: 0 },
      });
      await server.listen();
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        await page.goto(server.resolvedUrls!.local[0]);
        await page.waitForSelector("vite-error-overlay", { timeout: 60_000 });
        const text = (await page.evaluate(`document.querySelector("vite-error-overlay").shadowRoot.textContent`)) as string;
        expect(text).toContain(`${join(dir, "bad.nn")}:8:29`);
        expect(text).toContain("`sgd` has no argument `momentun`; did you mean `momentum`?");
      } finally {
        await browser.close();
        await server.close();
      }
    },
    120_000,
  );
});
