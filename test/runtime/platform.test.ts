/**
 * The runtime loads in a browser: no module of it imports a Node built-in statically (a bundler would
 * replace the import with an empty stub, and the first call would fail with "x is not a function").
 * What needs Node reaches it through runtime/node.ts when called; this test names any import that
 * does not (the file and line).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const runtime = join(import.meta.dirname, "../../runtime");
/** Node-only entry files that the browser never loads: the worker_threads worker's script. */
const NODE_ONLY = new Set(["parallel/worker-entry.js"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe("the runtime's platform seam", () => {
  it("has no static or dynamic import of a node: module outside runtime/node.ts (type imports aside)", () => {
    const offenders: string[] = [];
    for (const file of sources(runtime)) {
      const name = relative(runtime, file).split("\\").join("/");
      if (name === "node.ts" || NODE_ONLY.has(name)) continue;
      const text = readFileSync(file, "utf8");
      // Statements may span lines (import {\n a,\n} from "node:fs"), so the whole text is searched.
      const pattern = /(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s*["']node:|\bimport\(\s*["']node:|\brequire\(\s*["']node:/g;
      for (const m of text.matchAll(pattern)) {
        const line = text.slice(0, m.index + m[0].length).split("\n").length;
        offenders.push(`runtime/${name}:${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("gives a browser's runtime the fetching loaders under the names generated code calls", async () => {
    const browser = await import("../../runtime/browser.ts");
    const data = await import("../../runtime/data/fetch.ts");
    expect(browser.loadIdx).toBe(data.fetchIdx);
    expect(browser.loadCsv).toBe(data.fetchCsv);
    expect(typeof browser.trainModel).toBe("function");
  });
});
