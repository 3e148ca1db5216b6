/** Reading examples/browser's page: it reports its run in data-testid elements (examples/browser/index.html). */
import type { BrowserContext } from "playwright-core";

export interface PageRun {
  readonly status: string;
  readonly error: string;
  readonly lossFirst: number;
  readonly lossLast: number;
  readonly accuracyFirst: number;
  readonly accuracyLast: number;
  readonly threads: string;
  readonly workerShards: number;
  /** Training loss of every epoch. */
  readonly history: number[];
  /** With `?api=train`: the TrainResult the page's train() returned. */
  readonly result: unknown;
}

/** Opens `url` and waits until the page's run is done or failed (at most `timeoutMs`). */
export async function readPage(context: BrowserContext, url: string, timeoutMs = 200_000): Promise<PageRun> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(
      `["done", "error"].includes(document.querySelector('[data-testid="status"]')?.textContent ?? "")`,
      undefined,
      { timeout: timeoutMs },
    );
    // A string, not a function: the page must not depend on helpers a TypeScript loader adds to functions.
    return (await page.evaluate(`(() => {
      const el = (id) => document.querySelector('[data-testid="' + id + '"]');
      const num = (id) => Number(el(id).textContent);
      return {
        status: el("status").textContent ?? "",
        error: el("error").textContent ?? "",
        lossFirst: num("loss-first"),
        lossLast: num("loss-last"),
        accuracyFirst: num("accuracy-first"),
        accuracyLast: num("accuracy-last"),
        threads: el("threads").textContent ?? "",
        workerShards: Number(el("threads").dataset.workerShards ?? 0),
        history: JSON.parse(el("status").dataset.history ?? "[]"),
        result: JSON.parse(el("status").dataset.result ?? "null"),
      };
    })()`)) as PageRun;
  } finally {
    await page.close();
  }
}

/** readPage, failing with the page's error when the run did not finish. */
export async function trainInPage(context: BrowserContext, url: string): Promise<PageRun> {
  const run = await readPage(context, url);
  if (run.status !== "done") throw new Error(`the page's run ended with status ${run.status}: ${run.error}`);
  return run;
}
